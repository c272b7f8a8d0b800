package io.tideway.perf.run;

/**
 * What the broker process spent during the measured window, from {@code /proc}.
 *
 * <p>Immutable; thread-safe.
 *
 * @param cpuSeconds user + system CPU seconds used in the window
 * @param cpuSecondsPerGb {@code cpuSeconds} per 1e9 value bytes produced in the window
 *     ({@code NaN} when nothing was produced)
 * @param peakRssBytes largest resident set size seen (the kernel's {@code VmHWM})
 * @param endRssBytes resident set size at the end of the window
 */
public record BrokerUsage(double cpuSeconds, double cpuSecondsPerGb, long peakRssBytes,
        long endRssBytes) {
}
