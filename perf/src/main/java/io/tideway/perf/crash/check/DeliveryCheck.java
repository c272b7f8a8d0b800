package io.tideway.perf.crash.check;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Lost writes, duplicates and moved acknowledgements: every acknowledged idempotent send and every
 * record of a committed transaction is in both views exactly once, at the offset its callback
 * reported; a transaction whose commit failed is visible entirely or not at all (as far as the
 * log holds it below the checked ends).
 *
 * <p>Stateless; thread-safe.
 */
final class DeliveryCheck {

    private DeliveryCheck() {
    }

    static void run(History history, ReadIndex uncommitted, ReadIndex committed, AnomalyLog log) {
        duplicates(uncommitted, committed, log);
        for (Write w : history.writes()) {
            if (w.ack() == Write.Ack.ACKED) {
                mustBeVisible(w, "acknowledged", uncommitted, committed, log);
            }
        }
        for (Transaction t : history.transactions()) {
            switch (t.outcome()) {
                case COMMITTED -> t.writes().forEach(w -> mustBeVisible(w,
                        "committed in " + t.id(), uncommitted, committed, log));
                case UNKNOWN -> allOrNothing(t, uncommitted, committed, log);
                default -> {
                    // open, aborted or abandoned: nothing must be visible (the aborted-read check)
                }
            }
        }
    }

    /** Each extra copy in the view holding more copies counts once. */
    private static void duplicates(ReadIndex uncommitted, ReadIndex committed, AnomalyLog log) {
        Set<WriteId> ids = new LinkedHashSet<>(uncommitted.all().keySet());
        ids.addAll(committed.all().keySet());
        for (WriteId id : ids) {
            List<ReadRecord> copies = uncommitted.find(id).size() >= committed.find(id).size()
                    ? uncommitted.find(id) : committed.find(id);
            for (int extra = 1; extra < copies.size(); extra++) {
                log.add(Anomaly.DUPLICATE, id + " read " + copies.size() + " times at "
                        + copies.stream().map(ReadRecord::where)
                                .collect(Collectors.joining(", ")));
            }
        }
    }

    private static void mustBeVisible(Write w, String why, ReadIndex uncommitted,
            ReadIndex committed, AnomalyLog log) {
        WriteId id = w.tag().id();
        String acked = w.offset() >= 0 ? " (callback: " + w.partition() + "/" + w.offset() + ")"
                : " (partition " + w.partition() + ")";
        if (!uncommitted.contains(id)) {
            log.add(Anomaly.LOST_WRITE, id + " " + why + acked + " but absent from the log");
        } else if (!committed.contains(id)) {
            log.add(Anomaly.LOST_WRITE, id + " " + why + acked
                    + " but absent from read_committed");
        } else if (w.offset() >= 0 && !uncommitted.at(id, w.partition(), w.offset())) {
            log.add(Anomaly.WRONG_OFFSET, id + " " + why + acked + " but read at "
                    + uncommitted.find(id).stream().map(ReadRecord::where)
                            .collect(Collectors.joining(", ")));
        }
    }

    /**
     * A failed commit may have committed: then every record of it below the checked ends is
     * visible. Records the log does not hold below the ends make no claim: the failed client
     * may still have been retrying them (and then the commit) after the ends were captured.
     */
    private static void allOrNothing(Transaction t, ReadIndex uncommitted, ReadIndex committed,
            AnomalyLog log) {
        List<Write> inScope = t.writes().stream()
                .filter(w -> uncommitted.contains(w.tag().id())).toList();
        long visible = inScope.stream().filter(w -> committed.contains(w.tag().id())).count();
        if (visible == 0 || visible == inScope.size()) {
            return;
        }
        for (Write w : inScope) {
            if (!committed.contains(w.tag().id())) {
                log.add(Anomaly.LOST_WRITE, w.tag().id() + " of " + t.id() + " (commit failed) "
                        + "absent from read_committed while " + visible + " of its "
                        + inScope.size() + " records in the log are visible");
            }
        }
    }
}
