package io.tideway.perf.crash.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A correct single-node broker in memory, for checker tests: it appends one batch per record,
 * writes a marker per partition when a transaction ends, serves a read_committed group consumer
 * below the last stable offset, and records what a correct harness would record. Its
 * {@link #history()} has no anomalies; tests then break it in one place.
 *
 * <p>Not thread-safe; one per test.
 */
final class SimulatedBroker {

    /** One batch and, for data, the record in it. */
    private record Entry(BatchSpan span, RecordTag tag) {
    }

    /** A transaction in progress. */
    private static final class OpenTxn {
        final TxnId id;
        final long pid;
        final List<Write> writes = new ArrayList<>();
        final Map<Integer, Long> firstOffsets = new LinkedHashMap<>();

        OpenTxn(TxnId id, long pid) {
            this.id = id;
            this.pid = pid;
        }
    }

    private final List<List<Entry>> logs = new ArrayList<>();
    private final Map<String, Long> producerIds = new HashMap<>();
    private final Map<String, Long> seqs = new HashMap<>();
    private final Map<String, Long> txnCounters = new HashMap<>();
    private final Map<WriteId, Write> writes = new LinkedHashMap<>();
    private final Map<TxnId, Transaction> transactions = new LinkedHashMap<>();
    private final Map<String, OpenTxn> open = new LinkedHashMap<>();
    private final List<Poll> polls = new ArrayList<>();
    private final List<CommittedOffset> offsets = new ArrayList<>();
    private final long[] positions;
    private final long[] committed;
    private int generation = 1;
    private int cycle;

    SimulatedBroker(int partitions) {
        for (int p = 0; p < partitions; p++) {
            logs.add(new ArrayList<>());
        }
        positions = new long[partitions];
        committed = new long[partitions];
        Arrays.fill(committed, -1);
    }

    int partitions() {
        return logs.size();
    }

    long logEnd(int partition) {
        return logs.get(partition).size();
    }

    private RecordTag nextTag(String producer, long txn) {
        long seq = seqs.merge(producer, 1L, Long::sum) - 1;
        return new RecordTag(producer, 0, seq, txn);
    }

    private long pid(String producer) {
        return producerIds.computeIfAbsent(producer, p -> 1000L + producerIds.size());
    }

    private long append(int partition, RecordTag tag, long pid, boolean transactional) {
        List<Entry> log = logs.get(partition);
        long offset = log.size();
        log.add(new Entry(new BatchSpan(offset, offset, pid, transactional,
                BatchSpan.Marker.NONE), tag));
        return offset;
    }

    /** An idempotent send; {@code written} false only makes sense with a failed ack. */
    RecordTag send(String producer, int partition, Write.Ack ack, boolean written) {
        RecordTag tag = nextTag(producer, RecordTag.NO_TXN);
        long offset = written ? append(partition, tag, pid(producer), false) : -1;
        Write w = Write.pending(tag, partition);
        writes.put(tag.id(), switch (ack) {
            case ACKED -> w.acked(offset);
            case FAILED -> w.failed();
            case PENDING -> w;
        });
        return tag;
    }

    void beginTxn(String producer) {
        long txn = txnCounters.merge(producer, 1L, Long::sum) - 1;
        open.put(producer, new OpenTxn(new TxnId(producer, txn), pid(producer)));
    }

    boolean inTxn(String producer) {
        return open.containsKey(producer);
    }

    RecordTag txnSend(String producer, int partition) {
        OpenTxn t = open.get(producer);
        RecordTag tag = nextTag(producer, t.id.txn());
        long offset = append(partition, tag, t.pid, true);
        t.firstOffsets.putIfAbsent(partition, offset);
        t.writes.add(Write.pending(tag, partition).acked(offset));
        return tag;
    }

    /**
     * Ends the producer's transaction: markers of {@code marker}'s type on its partitions, and
     * {@code told} as what the producer records.
     */
    TxnId endTxn(String producer, BatchSpan.Marker marker, TxnOutcome told) {
        OpenTxn t = open.remove(producer);
        for (int p : t.firstOffsets.keySet()) {
            List<Entry> log = logs.get(p);
            log.add(new Entry(new BatchSpan(log.size(), log.size(), t.pid, true, marker), null));
        }
        transactions.put(t.id, new Transaction(t.id, told, t.writes));
        return t.id;
    }

    private long lastStable(int partition) {
        long lso = logEnd(partition);
        for (OpenTxn t : open.values()) {
            Long first = t.firstOffsets.get(partition);
            if (first != null) {
                lso = Math.min(lso, first);
            }
        }
        return lso;
    }

    /** Whether read_committed may return this data entry (its transaction committed). */
    private boolean committedVisible(int partition, Entry e) {
        if (!e.span().transactional()) {
            return true;
        }
        List<Entry> log = logs.get(partition);
        for (long o = e.span().lastOffset() + 1; o < log.size(); o++) {
            BatchSpan b = log.get((int) o).span();
            if (b.control() && b.producerId() == e.span().producerId()) {
                return b.marker() == BatchSpan.Marker.COMMIT;
            }
        }
        return false;
    }

    /** The group consumer polls every partition up to its last stable offset. */
    void poll() {
        for (int p = 0; p < partitions(); p++) {
            long lso = lastStable(p);
            for (; positions[p] < lso; positions[p]++) {
                Entry e = logs.get(p).get((int) positions[p]);
                if (e.tag() != null && committedVisible(p, e)) {
                    polls.add(new Poll(generation, new ReadRecord(p, positions[p], e.tag())));
                }
            }
        }
    }

    /** A successful commit of the consumer's positions. */
    void commit() {
        System.arraycopy(positions, 0, committed, 0, positions.length);
    }

    /** A restart: new assignment, resuming from the committed offsets. */
    void rebalance() {
        cycle++;
        generation++;
        for (int p = 0; p < partitions(); p++) {
            positions[p] = Math.max(0, committed[p]);
            offsets.add(new CommittedOffset(cycle, "resume", p, committed[p], -1, committed[p]));
        }
    }

    /** The admin client's view of the committed offsets. */
    void observeOffsets() {
        for (int p = 0; p < partitions(); p++) {
            offsets.add(new CommittedOffset(cycle, "admin", p, committed[p], logEnd(p),
                    committed[p]));
        }
    }

    /** Everything a correct harness would record, after resolving open transactions. */
    History history() {
        for (String producer : List.copyOf(open.keySet())) {
            endTxn(producer, BatchSpan.Marker.ABORT, TxnOutcome.ABANDONED);
        }
        List<ReadRecord> uncommitted = new ArrayList<>();
        List<ReadRecord> committedView = new ArrayList<>();
        List<PartitionBatches> batches = new ArrayList<>();
        for (int p = 0; p < partitions(); p++) {
            List<BatchSpan> spans = new ArrayList<>();
            for (Entry e : logs.get(p)) {
                spans.add(e.span());
                if (e.tag() != null) {
                    ReadRecord r = new ReadRecord(p, e.span().baseOffset(), e.tag());
                    uncommitted.add(r);
                    if (committedVisible(p, e)) {
                        committedView.add(r);
                    }
                }
            }
            batches.add(new PartitionBatches(p, 0, logEnd(p), spans));
        }
        return new History(List.copyOf(writes.values()), List.copyOf(transactions.values()),
                List.of(new ReadView("read_uncommitted", false, uncommitted),
                        new ReadView("read_committed", true, committedView)),
                batches, polls, offsets, List.of());
    }
}
