package io.tideway.perf.crash.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Histories of a correct broker, from random scripts of sends, interleaved transactions with
 * every outcome, group polls, commits, restarts and admin observations, have no anomalies; and
 * taking any acknowledged record out of them is always a lost write.
 */
class CheckerPropertiesTest {

    private static final List<BatchSpan.Marker> MARKERS = List.of(BatchSpan.Marker.COMMIT,
            BatchSpan.Marker.ABORT, BatchSpan.Marker.ABORT, BatchSpan.Marker.COMMIT,
            BatchSpan.Marker.ABORT, BatchSpan.Marker.COMMIT, BatchSpan.Marker.ABORT);
    private static final List<TxnOutcome> TOLD = List.of(TxnOutcome.COMMITTED,
            TxnOutcome.ABORTED, TxnOutcome.ABANDONED, TxnOutcome.UNKNOWN, TxnOutcome.UNKNOWN,
            TxnOutcome.OPEN, TxnOutcome.OPEN);

    /** Runs a script: each number picks an operation (last digit) and its arguments (rest). */
    static History run(int partitions, List<Integer> script) {
        SimulatedBroker b = new SimulatedBroker(partitions);
        for (int code : script) {
            int arg = code / 10;
            int partition = arg % partitions;
            String txnProducer = "t" + (arg % 2);
            switch (code % 10) {
                case 0, 1, 2 -> {
                    Write.Ack ack = Write.Ack.values()[arg % 3];
                    b.send("i" + (arg % 2), partition, ack, ack != Write.Ack.FAILED
                            || arg % 2 == 0);
                }
                case 3, 4 -> {
                    if (b.inTxn(txnProducer)) {
                        b.txnSend(txnProducer, partition);
                    } else {
                        b.beginTxn(txnProducer);
                    }
                }
                case 5 -> {
                    if (b.inTxn(txnProducer)) {
                        int outcome = arg % TOLD.size();
                        b.endTxn(txnProducer, MARKERS.get(outcome), TOLD.get(outcome));
                    }
                }
                case 6 -> b.poll();
                case 7 -> b.commit();
                case 8 -> b.rebalance();
                default -> b.observeOffsets();
            }
        }
        b.poll();
        return b.history();
    }

    @Property(tries = 200)
    void correctBrokerHistoriesHaveNoAnomalies(@ForAll @IntRange(min = 1, max = 4) int partitions,
            @ForAll @Size(max = 300) List<@IntRange(min = 0, max = 9999) Integer> script) {
        CheckReport report = Checker.check(run(partitions, script));
        assertThat(report.clean()).as(report.examples().toString()).isTrue();
    }

    @Property(tries = 100)
    void anyAcknowledgedRecordTakenOutIsALostWrite(
            @ForAll @IntRange(min = 1, max = 3) int partitions,
            @ForAll @Size(min = 1, max = 200) List<@IntRange(min = 0, max = 9999) Integer> script,
            @ForAll @IntRange(min = 0, max = 10_000) int pick) {
        History h = run(partitions, script);
        List<Write> acked = h.writes().stream().filter(w -> w.ack() == Write.Ack.ACKED)
                .toList();
        Assume.that(!acked.isEmpty());
        WriteId lost = acked.get(pick % acked.size()).tag().id();
        History broken = new History(h.writes(), h.transactions(), List.of(
                without(h.uncommitted(), lost), without(h.committed(), lost)), h.logs(),
                h.polls(), h.committedOffsets(), List.of());
        CheckReport report = Checker.check(broken);
        assertThat(report.count(Anomaly.LOST_WRITE)).isEqualTo(1);
        assertThat(report.examples().get(Anomaly.LOST_WRITE).get(0)).startsWith(lost + " ");
    }

    private static ReadView without(ReadView view, WriteId id) {
        return new ReadView(view.name(), view.readCommitted(), view.records().stream()
                .filter(r -> !r.tag().id().equals(id)).toList());
    }
}
