package io.tideway.perf.crash.check;

import java.util.HashMap;
import java.util.Map;

/**
 * Committed group offsets intact: never past the partition's high watermark, never below an
 * offset whose commit the consumer saw succeed, never below an earlier observation.
 *
 * <p>Stateless; thread-safe.
 */
final class GroupOffsetCheck {

    private GroupOffsetCheck() {
    }

    static void run(History history, AnomalyLog log) {
        Map<Integer, CommittedOffset> highest = new HashMap<>();
        for (CommittedOffset o : history.committedOffsets()) {
            String where = "cycle " + o.cycle() + " (" + o.source() + "): partition "
                    + o.partition() + " committed " + o.committed();
            if (o.logEnd() >= 0 && o.committed() > o.logEnd()) {
                log.add(Anomaly.OFFSET_BEYOND_LOG_END, where + " > high watermark "
                        + o.logEnd());
            }
            CommittedOffset before = highest.get(o.partition());
            if (o.committed() < o.acknowledged()) {
                log.add(Anomaly.OFFSET_REGRESSION, where + " < " + o.acknowledged()
                        + ", whose commit had succeeded");
            } else if (before != null && o.committed() < before.committed()) {
                log.add(Anomaly.OFFSET_REGRESSION, where + " < " + before.committed()
                        + " seen in cycle " + before.cycle() + " (" + before.source() + ")");
            }
            if (before == null || o.committed() > before.committed()) {
                highest.put(o.partition(), o);
            }
        }
    }
}
