package io.tideway.perf.crash.check;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Collects anomalies during one check: a count per kind and the first few examples of each.
 *
 * <p>Thread contract: confined to the checking thread; not thread-safe.
 */
final class AnomalyLog {

    /** Examples kept per kind; the counts are exact. */
    static final int EXAMPLES = 10;

    private final Map<Anomaly, Long> counts = new EnumMap<>(Anomaly.class);
    private final Map<Anomaly, List<String>> examples = new EnumMap<>(Anomaly.class);

    AnomalyLog() {
        for (Anomaly a : Anomaly.values()) {
            counts.put(a, 0L);
            examples.put(a, new ArrayList<>());
        }
    }

    void add(Anomaly anomaly, String example) {
        counts.merge(anomaly, 1L, Long::sum);
        List<String> list = examples.get(anomaly);
        if (list.size() < EXAMPLES) {
            list.add(example);
        }
    }

    Map<Anomaly, Long> counts() {
        return counts;
    }

    Map<Anomaly, List<String>> examples() {
        return examples;
    }
}
