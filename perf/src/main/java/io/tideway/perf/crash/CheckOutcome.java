package io.tideway.perf.crash;

import io.tideway.perf.crash.check.CheckReport;
import java.util.Map;

/**
 * What one full check found and how big it was. Immutable; thread-safe.
 *
 * @param report the anomalies
 * @param ends the checked end (high watermark) of every partition
 * @param millis how long the check took
 */
public record CheckOutcome(CheckReport report, Map<Integer, Long> ends, long millis) {

    /** Copies the map. */
    public CheckOutcome {
        ends = Map.copyOf(ends);
    }
}
