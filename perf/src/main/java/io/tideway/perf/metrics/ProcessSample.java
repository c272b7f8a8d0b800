package io.tideway.perf.metrics;

/**
 * One reading of a process's resource use from {@code /proc}.
 *
 * <p>Immutable; thread-safe.
 *
 * @param cpuSeconds user plus system CPU time since the process started
 * @param rssBytes resident set size now ({@code VmRSS})
 * @param peakRssBytes largest resident set size so far ({@code VmHWM})
 */
public record ProcessSample(double cpuSeconds, long rssBytes, long peakRssBytes) {
}
