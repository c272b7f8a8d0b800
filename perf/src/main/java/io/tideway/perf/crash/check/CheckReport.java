package io.tideway.perf.crash.check;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The result of one check: a count for every {@link Anomaly} (zero included), the first
 * examples of each, and how much was checked.
 *
 * <p>Immutable; thread-safe.
 *
 * @param counts every anomaly kind with its count
 * @param examples up to ten descriptions per kind
 * @param recordsRead distinct sends in the read_uncommitted view
 * @param committedRecordsRead records in the read_committed view
 * @param ackedWrites acknowledged idempotent sends checked
 * @param committedTransactions committed transactions checked
 * @param polls group consumer records checked
 */
public record CheckReport(Map<Anomaly, Long> counts, Map<Anomaly, List<String>> examples,
        long recordsRead, long committedRecordsRead, long ackedWrites,
        long committedTransactions, long polls) {

    /** Copies the maps (with every kind present). */
    public CheckReport {
        Map<Anomaly, Long> c = new EnumMap<>(Anomaly.class);
        Map<Anomaly, List<String>> e = new EnumMap<>(Anomaly.class);
        for (Anomaly a : Anomaly.values()) {
            c.put(a, counts.getOrDefault(a, 0L));
            e.put(a, List.copyOf(examples.getOrDefault(a, List.of())));
        }
        counts = Collections.unmodifiableMap(c);
        examples = Collections.unmodifiableMap(e);
    }

    /** The count of one kind. */
    public long count(Anomaly anomaly) {
        return counts.get(anomaly);
    }

    /** All anomalies together. */
    public long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Whether nothing was found. */
    public boolean clean() {
        return total() == 0;
    }

    /** {@code lost write=2, duplicate=1}, or {@code none}. */
    public String summary() {
        String found = counts.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getKey().label() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
        return found.isEmpty() ? "none" : found;
    }
}
