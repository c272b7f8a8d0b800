package io.tideway.perf.crash;

import io.tideway.perf.crash.check.CheckReport;

/**
 * One kill -9 cycle: when the kill came, how long the next start took, what the clients did
 * since the previous cycle, and what the checks said.
 *
 * <p>Immutable; thread-safe.
 *
 * @param cycle 1-based
 * @param duringStartup whether the kill was scheduled during start-up (a random moment within
 *     the previous start-up time)
 * @param interruptedRecovery whether the killed broker had not logged its ready line yet (the
 *     kill interrupted start-up and log recovery)
 * @param killAfterMillis time from readiness (or, during start-up, from process start) to the
 *     kill
 * @param restartMillis process start to first answered Metadata of the next incarnation, -1 when
 *     that incarnation was killed during start-up too
 * @param progressed whether writers made progress after the broker was ready (false only when
 *     nothing was acknowledged for a minute)
 * @param delta client activity during the cycle
 * @param light anomalies so far in the group consumer's polls and the committed offsets
 * @param full the full check after this cycle, or null
 */
public record CycleResult(int cycle, boolean duringStartup, boolean interruptedRecovery,
        long killAfterMillis, long restartMillis,
        boolean progressed, ClientCounts delta, CheckReport light, CheckOutcome full) {

    /** The one-line summary. */
    public String line(int cycles) {
        StringBuilder b = new StringBuilder(String.format("cycle %3d/%d: kill -9 ", cycle,
                cycles));
        if (duringStartup) {
            b.append(killAfterMillis).append(" ms after start")
                    .append(interruptedRecovery ? " (during recovery)" : " (had just become ready)");
        } else {
            b.append("after ").append(killAfterMillis).append(" ms serving");
        }
        b.append(restartMillis >= 0 ? ", restart " + restartMillis + " ms" : "");
        b.append(String.format("; acked +%d (failed +%d), txns +%d committed +%d aborted "
                        + "+%d unknown +%d abandoned, polled +%d",
                delta.acked(), delta.failed(), delta.committed(), delta.aborted(),
                delta.unknown(), delta.abandoned(), delta.polled()));
        if (!progressed) {
            b.append("; NO PROGRESS after restart");
        }
        b.append("; anomalies so far (polls, group offsets): ").append(light.summary());
        if (full != null) {
            b.append("; full check: ").append(full.report().summary()).append(" (")
                    .append(full.report().recordsRead()).append(" records, ")
                    .append(full.millis()).append(" ms)");
        }
        return b.toString();
    }
}
