package io.tideway.perf.crash.check;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Aborted reads: a record that a read_committed consumer (the checker's or the group consumer)
 * returned although its transaction was aborted, by the producer's account (abort returned, or
 * commit never requested) or by the log's (the batch's next marker is ABORT).
 *
 * <p>Stateless; thread-safe.
 */
final class TransactionCheck {

    private TransactionCheck() {
    }

    static void run(History history, MarkerIndex markers, AnomalyLog log) {
        Map<TxnId, TxnOutcome> outcomes = new HashMap<>();
        for (Transaction t : history.transactions()) {
            outcomes.put(t.id(), t.outcome());
        }
        check(history.committed().records(), history.committed().name(), outcomes, markers, log);
        List<ReadRecord> polled = history.polls().stream().map(Poll::record).toList();
        check(polled, "the group consumer", outcomes, markers, log);
    }

    private static void check(List<ReadRecord> records, String reader,
            Map<TxnId, TxnOutcome> outcomes, MarkerIndex markers, AnomalyLog log) {
        for (ReadRecord r : records) {
            if (!r.tag().transactional()) {
                continue;
            }
            TxnOutcome outcome = outcomes.getOrDefault(r.tag().txnId(), TxnOutcome.OPEN);
            if (outcome.neverVisible()) {
                log.add(Anomaly.ABORTED_READ, reader + " read " + r.tag().id() + " at "
                        + r.where() + " of " + r.tag().txnId() + ", which was "
                        + outcome.name().toLowerCase(Locale.ROOT));
            } else if (markers.markerOf(r.partition(), r.offset()) == BatchSpan.Marker.ABORT) {
                log.add(Anomaly.ABORTED_READ, reader + " read " + r.tag().id() + " at "
                        + r.where() + " of " + r.tag().txnId() + ", whose marker is ABORT "
                        + "(producer: " + outcome.name().toLowerCase(Locale.ROOT)
                        + ")");
            }
        }
    }
}
