package io.tideway.perf.crash.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Each anomaly, planted once into an otherwise correct history, is found and named; nothing
 * else is reported.
 */
class CheckerTest {

    /** Two partitions, two producers, a committed, an aborted and a failed-commit transaction. */
    private static SimulatedBroker busyBroker() {
        SimulatedBroker b = new SimulatedBroker(2);
        for (int i = 0; i < 6; i++) {
            b.send("i0", i % 2, Write.Ack.ACKED, true);
        }
        b.beginTxn("t0");
        b.txnSend("t0", 0);
        b.txnSend("t0", 1);
        b.send("i1", 0, Write.Ack.ACKED, true); // interleaved with the open transaction
        b.endTxn("t0", BatchSpan.Marker.COMMIT, TxnOutcome.COMMITTED);
        b.beginTxn("t0");
        b.txnSend("t0", 1);
        b.endTxn("t0", BatchSpan.Marker.ABORT, TxnOutcome.ABORTED);
        b.send("i1", 1, Write.Ack.FAILED, true);
        b.send("i1", 1, Write.Ack.FAILED, false);
        b.poll();
        b.commit();
        b.observeOffsets();
        b.rebalance();
        b.send("i0", 0, Write.Ack.ACKED, true);
        b.poll();
        b.commit();
        b.observeOffsets();
        return b;
    }

    private static History edit(History h, UnaryOperator<List<ReadRecord>> uncommitted,
            UnaryOperator<List<ReadRecord>> committed) {
        return new History(h.writes(), h.transactions(), List.of(
                new ReadView("read_uncommitted", false,
                        uncommitted.apply(new ArrayList<>(h.uncommitted().records()))),
                new ReadView("read_committed", true,
                        committed.apply(new ArrayList<>(h.committed().records())))),
                h.logs(), h.polls(), h.committedOffsets(), h.unresolvedTransactions());
    }

    private static void assertOnly(CheckReport report, Anomaly anomaly, long count) {
        assertThat(report.count(anomaly)).as(report.examples().toString()).isEqualTo(count);
        assertThat(report.total()).as(report.summary()).isEqualTo(count);
    }

    @Test
    void correctHistoryHasNoAnomalies() {
        CheckReport report = Checker.check(busyBroker().history());
        assertThat(report.clean()).as(report.examples().toString()).isTrue();
        assertThat(report.ackedWrites()).isEqualTo(8);
        assertThat(report.committedTransactions()).isEqualTo(1);
        assertThat(report.recordsRead()).isEqualTo(12);
        assertThat(report.summary()).isEqualTo("none");
    }

    @Test
    void acknowledgedRecordMissingFromBothReadersIsALostWrite() {
        History h = busyBroker().history();
        WriteId lost = new WriteId("i0", 2);
        History broken = edit(h, l -> without(l, lost), l -> without(l, lost));
        CheckReport report = Checker.check(broken);
        // The batch is still in the raw scan, so read_uncommitted skipping it is a gap too.
        assertThat(report.count(Anomaly.LOST_WRITE)).isEqualTo(1);
        assertThat(report.examples().get(Anomaly.LOST_WRITE).get(0))
                .contains("i0#2 acknowledged").contains("absent from the log");
        assertThat(report.count(Anomaly.OFFSET_GAP)).isEqualTo(1);
    }

    @Test
    void committedTransactionRecordMissingFromReadCommittedIsALostWrite() {
        History h = busyBroker().history();
        WriteId txnRecord = new WriteId("t0", 1);
        CheckReport report = Checker.check(edit(h, l -> l, l -> without(l, txnRecord)));
        assertOnly(report, Anomaly.LOST_WRITE, 1);
        assertThat(report.examples().get(Anomaly.LOST_WRITE).get(0))
                .contains("committed in t0 txn 0").contains("absent from read_committed");
    }

    @Test
    void failedCommitVisibleOnlyInPartIsALostWrite() {
        SimulatedBroker b = new SimulatedBroker(2);
        b.beginTxn("t0");
        b.txnSend("t0", 0);
        b.txnSend("t0", 1);
        b.endTxn("t0", BatchSpan.Marker.COMMIT, TxnOutcome.UNKNOWN);
        History h = b.history();
        assertThat(Checker.check(h).clean()).isTrue();
        CheckReport report = Checker.check(edit(h, l -> l, l -> without(l,
                new WriteId("t0", 1))));
        assertOnly(report, Anomaly.LOST_WRITE, 1);
        assertThat(report.examples().get(Anomaly.LOST_WRITE).get(0))
                .contains("commit failed").contains("1 of its 2 records in the log are visible");
    }

    @Test
    void failedCommitRecordNotBelowTheCheckedEndMakesNoClaim() {
        // The failed client retried its last send (and then the commit) after the check had
        // captured the ends: the record is past them, in neither view.
        SimulatedBroker b = new SimulatedBroker(2);
        b.beginTxn("t0");
        b.txnSend("t0", 0);
        b.txnSend("t0", 1);
        b.endTxn("t0", BatchSpan.Marker.COMMIT, TxnOutcome.UNKNOWN);
        History h = b.history();
        WriteId late = new WriteId("t0", 1);
        List<PartitionBatches> logs = List.of(h.logs().get(0), new PartitionBatches(1, 0, 0,
                List.of()));
        History beyond = new History(h.writes(), h.transactions(), List.of(
                new ReadView("read_uncommitted", false, without(h.uncommitted().records(), late)),
                new ReadView("read_committed", true, without(h.committed().records(), late))),
                logs, h.polls(), h.committedOffsets(), List.of());
        CheckReport report = Checker.check(beyond);
        assertThat(report.clean()).as(report.examples().toString()).isTrue();
    }

    @Test
    void recordReadTwiceIsADuplicate() {
        History h = busyBroker().history();
        ReadRecord first = h.uncommitted().records().get(0);
        ReadRecord copy = new ReadRecord(first.partition(), 99, first.tag());
        CheckReport report = Checker.check(edit(h, l -> with(l, copy), l -> with(l, copy)));
        assertOnly(report, Anomaly.DUPLICATE, 1);
        assertThat(report.examples().get(Anomaly.DUPLICATE).get(0))
                .contains(first.tag().id() + " read 2 times");
    }

    @Test
    void writesOfOneClientOutOfSendOrderAreReordered() {
        SimulatedBroker b = new SimulatedBroker(1);
        RecordTag first = b.send("i0", 0, Write.Ack.FAILED, true);
        RecordTag second = b.send("i0", 0, Write.Ack.FAILED, true);
        History h = b.history();
        UnaryOperator<List<ReadRecord>> swapped = l -> List.of(new ReadRecord(0, 0, second),
                new ReadRecord(0, 1, first));
        CheckReport report = Checker.check(edit(h, swapped, swapped));
        assertOnly(report, Anomaly.REORDERING, 1);
        assertThat(report.examples().get(Anomaly.REORDERING).get(0))
                .isEqualTo("i0#0 at 0/1 follows i0#1 at 0/0");
    }

    @Test
    void offsetsInNoBatchAreAGapButMarkersAreNot() {
        History h = busyBroker().history();
        // Take partition 1's first batch out of the raw scan (its record stays readable).
        List<PartitionBatches> logs = new ArrayList<>(h.logs());
        PartitionBatches p1 = logs.get(1);
        logs.set(1, new PartitionBatches(1, 0, p1.endOffset(),
                p1.batches().subList(1, p1.batches().size())));
        History broken = new History(h.writes(), h.transactions(), h.views(), logs, h.polls(),
                h.committedOffsets(), List.of());
        assertOnly(Checker.check(broken), Anomaly.OFFSET_GAP, 1);
        assertThat(Checker.check(broken).examples().get(Anomaly.OFFSET_GAP).get(0))
                .isEqualTo("partition 1: offsets 0..0 are in no batch");
    }

    @Test
    void scanEndingBelowTheHighWatermarkIsAGap() {
        History h = busyBroker().history();
        List<PartitionBatches> logs = new ArrayList<>(h.logs());
        PartitionBatches p0 = logs.get(0);
        logs.set(0, new PartitionBatches(0, 0, p0.endOffset() + 3, p0.batches()));
        History broken = new History(h.writes(), h.transactions(), h.views(), logs, h.polls(),
                h.committedOffsets(), List.of());
        assertOnly(Checker.check(broken), Anomaly.OFFSET_GAP, 1);
    }

    @Test
    void abortedRecordVisibleToReadCommittedIsAnAbortedRead() {
        History h = busyBroker().history();
        ReadRecord aborted = h.uncommitted().records().stream()
                .filter(r -> r.tag().txnId().equals(new TxnId("t0", 1))).findFirst()
                .orElseThrow();
        CheckReport report = Checker.check(edit(h, l -> l, l -> with(l, aborted)));
        assertOnly(report, Anomaly.ABORTED_READ, 1);
        assertThat(report.examples().get(Anomaly.ABORTED_READ).get(0))
                .contains("read_committed read t0#2").contains("which was aborted");
    }

    @Test
    void failedCommitWhoseMarkerIsAbortVisibleIsAnAbortedRead() {
        SimulatedBroker b = new SimulatedBroker(1);
        b.beginTxn("t0");
        RecordTag tag = b.txnSend("t0", 0);
        b.endTxn("t0", BatchSpan.Marker.ABORT, TxnOutcome.UNKNOWN);
        History h = b.history();
        assertThat(Checker.check(h).clean()).isTrue();
        CheckReport report = Checker.check(edit(h, l -> l,
                l -> with(l, new ReadRecord(0, 0, tag))));
        assertOnly(report, Anomaly.ABORTED_READ, 1);
        assertThat(report.examples().get(Anomaly.ABORTED_READ).get(0))
                .contains("whose marker is ABORT (producer: unknown)");
    }

    @Test
    void groupConsumerReadingAnAbandonedTransactionIsAnAbortedRead() {
        SimulatedBroker b = new SimulatedBroker(1);
        b.beginTxn("t0");
        RecordTag tag = b.txnSend("t0", 0);
        b.endTxn("t0", BatchSpan.Marker.ABORT, TxnOutcome.ABANDONED);
        History h = b.history();
        History broken = new History(h.writes(), h.transactions(), h.views(), h.logs(),
                List.of(new Poll(1, new ReadRecord(0, 0, tag))), h.committedOffsets(),
                List.of());
        CheckReport report = Checker.check(broken);
        assertOnly(report, Anomaly.ABORTED_READ, 1);
        assertThat(report.examples().get(Anomaly.ABORTED_READ).get(0))
                .startsWith("the group consumer read t0#0").contains("abandoned");
    }

    @Test
    void offsetsGoingBackWithinAnAssignmentAreANonmonotonicPoll() {
        History h = busyBroker().history();
        List<Poll> polls = new ArrayList<>(h.polls());
        Poll last = polls.get(polls.size() - 1);
        polls.add(new Poll(last.generation(), new ReadRecord(last.record().partition(),
                last.record().offset() - 1, last.record().tag())));
        History broken = new History(h.writes(), h.transactions(), h.views(), h.logs(), polls,
                h.committedOffsets(), List.of());
        assertOnly(Checker.check(broken), Anomaly.NONMONOTONIC_POLL, 1);
        // The same offsets in a new assignment (after a restart) are fine.
        polls.set(polls.size() - 1, new Poll(last.generation() + 1, last.record()));
        assertThat(Checker.check(new History(h.writes(), h.transactions(), h.views(), h.logs(),
                polls, h.committedOffsets(), List.of())).clean()).isTrue();
    }

    @Test
    void acknowledgedRecordAtAnotherOffsetMovedItsAcknowledgement() {
        History h = busyBroker().history();
        List<Write> writes = new ArrayList<>();
        for (Write w : h.writes()) {
            writes.add(w.tag().id().equals(new WriteId("i0", 0)) ? new Write(w.tag(),
                    w.partition(), Write.Ack.ACKED, w.offset() + 1) : w);
        }
        History broken = new History(writes, h.transactions(), h.views(), h.logs(), h.polls(),
                h.committedOffsets(), List.of());
        assertOnly(Checker.check(broken), Anomaly.WRONG_OFFSET, 1);
    }

    @Test
    void committedOffsetPastTheHighWatermarkIsBeyondTheLogEnd() {
        History h = busyBroker().history();
        List<CommittedOffset> offsets = new ArrayList<>(h.committedOffsets());
        CommittedOffset last = offsets.get(offsets.size() - 1);
        offsets.add(new CommittedOffset(last.cycle(), "admin", last.partition(),
                last.logEnd() + 5, last.logEnd(), last.acknowledged()));
        assertOnly(Checker.check(withOffsets(h, offsets)), Anomaly.OFFSET_BEYOND_LOG_END, 1);
    }

    @Test
    void committedOffsetBelowAnAcknowledgedOrEarlierOneWentBackwards() {
        History h = busyBroker().history();
        List<CommittedOffset> offsets = new ArrayList<>(h.committedOffsets());
        CommittedOffset last = offsets.get(offsets.size() - 1);
        // Below what the consumer's successful commit stored.
        offsets.add(new CommittedOffset(last.cycle() + 1, "resume", last.partition(),
                last.committed() - 1, -1, last.committed()));
        CheckReport report = Checker.check(withOffsets(h, offsets));
        assertOnly(report, Anomaly.OFFSET_REGRESSION, 1);
        assertThat(report.examples().get(Anomaly.OFFSET_REGRESSION).get(0))
                .contains("whose commit had succeeded");
        // Below an earlier observation (an in-doubt commit that had been stored).
        offsets.set(offsets.size() - 1, new CommittedOffset(last.cycle() + 1, "admin",
                last.partition(), last.committed() - 1, last.logEnd(), -1));
        assertThat(Checker.check(withOffsets(h, offsets)).examples()
                .get(Anomaly.OFFSET_REGRESSION).get(0)).contains("seen in cycle");
    }

    @Test
    void unresolvedTransactionsAreCounted() {
        History h = busyBroker().history();
        History broken = new History(h.writes(), h.transactions(), h.views(), h.logs(),
                h.polls(), h.committedOffsets(), List.of("partition 0: last stable offset 3"));
        assertOnly(Checker.check(broken), Anomaly.UNRESOLVED_TRANSACTION, 1);
    }

    @Test
    void pendingAndFailedSendsMakeNoClaim() {
        SimulatedBroker b = new SimulatedBroker(1);
        b.send("i0", 0, Write.Ack.PENDING, false);
        b.send("i0", 0, Write.Ack.FAILED, false);
        b.send("i0", 0, Write.Ack.PENDING, true);
        assertThat(Checker.check(b.history()).clean()).isTrue();
    }

    @Test
    void recordTagsRoundTripThroughTheKey() {
        RecordTag idem = new RecordTag("i3", 2, 41, RecordTag.NO_TXN);
        RecordTag txn = new RecordTag("t1", 0, 7, 3);
        assertThat(idem.key()).isEqualTo("i3/2/41");
        assertThat(txn.key()).isEqualTo("t1/0/7/3");
        assertThat(RecordTag.parse(idem.key())).contains(idem);
        assertThat(RecordTag.parse(txn.key())).contains(txn);
        assertThat(RecordTag.parse("garbage")).isEmpty();
        assertThat(RecordTag.parse("a/b/c")).isEmpty();
        assertThat(RecordTag.parse(null)).isEmpty();
    }

    private static History withOffsets(History h, List<CommittedOffset> offsets) {
        return new History(h.writes(), h.transactions(), h.views(), h.logs(), h.polls(),
                offsets, List.of());
    }

    private static List<ReadRecord> without(List<ReadRecord> records, WriteId id) {
        return records.stream().filter(r -> !r.tag().id().equals(id)).toList();
    }

    /** Adds a record where a reader would have returned it: in offset order in its partition. */
    private static List<ReadRecord> with(List<ReadRecord> records, ReadRecord extra) {
        List<ReadRecord> l = new ArrayList<>(records);
        int at = l.size();
        for (int i = 0; i < l.size(); i++) {
            ReadRecord r = l.get(i);
            if (r.partition() == extra.partition() && r.offset() > extra.offset()) {
                at = i;
                break;
            }
        }
        l.add(at, extra);
        return l;
    }
}
