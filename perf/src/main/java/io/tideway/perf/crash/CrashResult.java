package io.tideway.perf.crash;

import io.tideway.perf.crash.check.CheckReport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything one crash run measured. Immutable; thread-safe.
 *
 * @param settings how it was configured
 * @param environment machine facts (cores, memory, load, JVM)
 * @param startedAt wall-clock start
 * @param durationMillis from the first start of the broker to the end of the final check
 * @param cycles every kill cycle, in order
 * @param finalCheck the check after the last restart with the producers stopped, or null when
 *     the run failed before it
 * @param totals ledger totals at the end
 * @param failure why the run stopped early (broker did not start, a check could not be
 *     completed), or null
 * @param runDir the run's directory (JSON, broker logs; the data when anomalies were found)
 */
public record CrashResult(CrashSettings settings, Map<String, String> environment,
        Instant startedAt, long durationMillis, List<CycleResult> cycles,
        CheckOutcome finalCheck, ClientCounts totals, String failure, Path runDir) {

    /** Copies the collections. */
    public CrashResult {
        environment = Map.copyOf(environment);
        cycles = List.copyOf(cycles);
    }

    /** Anomalies of the final check and of every intermediate full check, added up. */
    public long anomalies() {
        long n = finalCheck == null ? 0 : finalCheck.report().total();
        for (CycleResult c : cycles) {
            n += c.full() == null ? 0 : c.full().report().total();
        }
        return n;
    }

    /** Whether the run completed and found nothing. */
    public boolean passed() {
        return failure == null && finalCheck != null && anomalies() == 0;
    }

    /** The final check's report, or null. */
    public CheckReport finalReport() {
        return finalCheck == null ? null : finalCheck.report();
    }
}
