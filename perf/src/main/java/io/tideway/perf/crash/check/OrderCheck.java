package io.tideway.perf.crash.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reordering and nonmonotonic polls.
 *
 * <p>Reordering: in the read_uncommitted view, each client instance's records in a partition, by
 * offset, must have increasing send counters (first copy of each send only). Nonmonotonic poll:
 * within each checker view (per partition) and each assignment of the group consumer (per
 * generation and partition) returned offsets must strictly increase.
 *
 * <p>Stateless; thread-safe.
 */
final class OrderCheck {

    private OrderCheck() {
    }

    static void run(History history, AnomalyLog log) {
        reordering(history.uncommitted(), log);
        for (ReadView view : history.views()) {
            Map<String, Long> last = new HashMap<>();
            for (ReadRecord r : view.records()) {
                monotonic(last, "partition " + r.partition(), r, view.name(), log);
            }
        }
        Map<String, Long> last = new HashMap<>();
        for (Poll p : history.polls()) {
            monotonic(last, "generation " + p.generation() + " partition "
                    + p.record().partition(), p.record(), "the group consumer", log);
        }
    }

    private static void monotonic(Map<String, Long> last, String key, ReadRecord r,
            String reader, AnomalyLog log) {
        Long previous = last.put(key, r.offset());
        if (previous != null && r.offset() <= previous) {
            log.add(Anomaly.NONMONOTONIC_POLL, reader + " returned offset " + r.offset()
                    + " after " + previous + " (" + key + ")");
        }
    }

    private static void reordering(ReadView view, AnomalyLog log) {
        Map<String, List<ReadRecord>> streams = new HashMap<>();
        for (ReadRecord r : view.records()) {
            streams.computeIfAbsent(r.tag().stream() + "@" + r.partition(),
                    k -> new ArrayList<>()).add(r);
        }
        streams.keySet().stream().sorted().forEach(key -> {
            List<ReadRecord> records = new ArrayList<>(streams.get(key));
            records.sort(Comparator.comparingLong(ReadRecord::offset));
            Set<WriteId> seen = new HashSet<>();
            ReadRecord highest = null;
            for (ReadRecord r : records) {
                if (!seen.add(r.tag().id())) {
                    continue; // a duplicate, counted as such
                }
                if (highest != null && r.tag().seq() < highest.tag().seq()) {
                    log.add(Anomaly.REORDERING, r.tag().id() + " at " + r.where()
                            + " follows " + highest.tag().id() + " at " + highest.where());
                } else {
                    highest = r;
                }
            }
        });
    }
}
