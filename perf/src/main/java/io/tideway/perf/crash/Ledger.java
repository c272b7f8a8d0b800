package io.tideway.perf.crash;

import io.tideway.perf.crash.check.CommittedOffset;
import io.tideway.perf.crash.check.Poll;
import io.tideway.perf.crash.check.RecordTag;
import io.tideway.perf.crash.check.Transaction;
import io.tideway.perf.crash.check.TxnId;
import io.tideway.perf.crash.check.TxnOutcome;
import io.tideway.perf.crash.check.Write;
import io.tideway.perf.crash.check.WriteId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the clients were told during a run: every send with its callback's answer, every
 * transaction with its outcome, every record the group consumer polled, the group offsets whose
 * commits succeeded, and observations of the committed offsets.
 *
 * <p>Thread contract: thread-safe. Producer threads and the clients' I/O threads (callbacks)
 * record concurrently; {@link #snapshot()} may run at any time and sees, for each send or
 * transaction, its latest state at some moment during the call.
 */
final class Ledger {

    private final ConcurrentMap<WriteId, Write> writes = new ConcurrentHashMap<>();
    private final ConcurrentMap<TxnId, Transaction> transactions = new ConcurrentHashMap<>();
    private final List<Poll> polls = new ArrayList<>();
    private final List<CommittedOffset> offsets = new ArrayList<>();
    private final ConcurrentMap<Integer, Long> acknowledgedCommits = new ConcurrentHashMap<>();
    private final LongAdder acked = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Map<TxnOutcome, LongAdder> ended = new ConcurrentHashMap<>();
    private final LongAdder polled = new LongAdder();
    private final LongAdder commits = new LongAdder();
    private volatile int cycle;

    /** The kill cycle now running (observations are stamped with it). */
    int cycle() {
        return cycle;
    }

    void cycle(int c) {
        cycle = c;
    }

    // ---- idempotent sends (producer thread, then the client's I/O thread)

    void sent(RecordTag tag, int partition) {
        writes.put(tag.id(), Write.pending(tag, partition));
    }

    void acked(RecordTag tag, long offset) {
        writes.computeIfPresent(tag.id(), (id, w) -> w.acked(offset));
        acked.increment();
    }

    void failed(RecordTag tag) {
        writes.computeIfPresent(tag.id(), (id, w) -> w.failed());
        failed.increment();
    }

    // ---- transactions (producer thread, callbacks on the I/O thread)

    void txnStarted(TxnId id) {
        transactions.put(id, new Transaction(id, TxnOutcome.OPEN, List.of()));
    }

    void txnSent(TxnId id, RecordTag tag, int partition) {
        transactions.computeIfPresent(id, (k, t) -> {
            List<Write> next = new ArrayList<>(t.writes());
            next.add(Write.pending(tag, partition));
            return new Transaction(id, t.outcome(), next);
        });
    }

    /** A transactional send's callback: {@code offset} -1 when it failed. */
    void txnSendAnswered(TxnId id, RecordTag tag, long offset) {
        transactions.computeIfPresent(id, (k, t) -> {
            List<Write> next = new ArrayList<>(t.writes().size());
            for (Write w : t.writes()) {
                boolean match = w.tag().equals(tag);
                next.add(!match ? w : offset >= 0 ? w.acked(offset) : w.failed());
            }
            return new Transaction(id, t.outcome(), next);
        });
    }

    void txnEnded(TxnId id, TxnOutcome outcome) {
        transactions.computeIfPresent(id, (k, t) -> t.withOutcome(outcome));
        ended.computeIfAbsent(outcome, o -> new LongAdder()).increment();
    }

    // ---- the group consumer (its own thread)

    void polled(Poll poll) {
        synchronized (polls) {
            polls.add(poll);
        }
        polled.increment();
    }

    void commitAcknowledged(Map<Integer, Long> committed) {
        committed.forEach((p, o) -> acknowledgedCommits.merge(p, o, Math::max));
        commits.increment();
    }

    /** The highest offset of the partition whose commit succeeded, -1 when none. */
    long acknowledgedCommit(int partition) {
        return acknowledgedCommits.getOrDefault(partition, -1L);
    }

    void observed(CommittedOffset offset) {
        synchronized (offsets) {
            offsets.add(offset);
        }
    }

    // ---- reading

    /**
     * Copies of everything recorded.
     *
     * @param writes every idempotent send
     * @param transactions every transaction
     * @param polls the group consumer's records in poll order
     * @param offsets committed-offset observations in time order
     */
    record Snapshot(List<Write> writes, List<Transaction> transactions, List<Poll> polls,
            List<CommittedOffset> offsets) {
    }

    Snapshot snapshot() {
        List<Poll> p;
        synchronized (polls) {
            p = List.copyOf(polls);
        }
        List<CommittedOffset> o;
        synchronized (offsets) {
            o = List.copyOf(offsets);
        }
        return new Snapshot(List.copyOf(writes.values()), List.copyOf(transactions.values()), p,
                o);
    }

    ClientCounts counts() {
        return new ClientCounts(acked.sum(), failed.sum(), ended(TxnOutcome.COMMITTED),
                ended(TxnOutcome.ABORTED), ended(TxnOutcome.UNKNOWN),
                ended(TxnOutcome.ABANDONED), polled.sum(), commits.sum());
    }

    private long ended(TxnOutcome outcome) {
        LongAdder a = ended.get(outcome);
        return a == null ? 0 : a.sum();
    }
}
