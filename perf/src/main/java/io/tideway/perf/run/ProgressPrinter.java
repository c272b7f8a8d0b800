package io.tideway.perf.run;

import io.tideway.perf.metrics.ProcStats;
import io.tideway.perf.metrics.ProcessSample;
import java.io.PrintStream;
import java.util.Locale;
import java.util.OptionalLong;
import org.HdrHistogram.Histogram;

/**
 * Prints one progress line per interval (rates since the previous line, publish and end-to-end
 * p99 of the interval, consumer lag, broker RSS) and tracks the broker's CPU at the window's
 * edges and its peak RSS.
 *
 * <p>Thread contract: {@link #tick} and the sample methods are called by the run's single
 * scheduler thread only; the results are read after that thread has stopped.
 */
final class ProgressPrinter {

    private final RunMetrics metrics;
    private final PrintStream out;
    private final String label;
    private final OptionalLong brokerPid;
    private final ProcStats proc = new ProcStats();
    private long lastNanos;
    private long lastProduced;
    private long lastConsumed;
    private long peakRss;
    private ProcessSample windowStart;
    private ProcessSample windowEnd;

    ProgressPrinter(RunMetrics metrics, PrintStream out, String label, OptionalLong brokerPid) {
        this.metrics = metrics;
        this.out = out;
        this.label = label;
        this.brokerPid = brokerPid;
        this.lastNanos = metrics.clock.startNanos();
    }

    void tick() {
        long now = System.nanoTime();
        double seconds = Math.max(1e-9, (now - lastNanos) / 1e9);
        long produced = metrics.producedTotal();
        long consumed = metrics.consumedTotal();
        Histogram pub = metrics.publishLatency.intervalHistogram();
        Histogram e2e = metrics.endToEndLatency.intervalHistogram();
        ProcessSample sample = sample();
        String phase = now - metrics.clock.measureStartNanos() < 0 ? "warm-up" : "measure";
        out.printf(Locale.ROOT,
                "[%s %s %4.0fs] produce %9.0f rec/s | consume %9.0f rec/s | lag %8d | "
                        + "pub p99 %8.2f ms | e2e p99 %8.2f ms | errors %d%s%n",
                label, phase, (now - metrics.clock.startNanos()) / 1e9,
                (produced - lastProduced) / seconds, (consumed - lastConsumed) / seconds,
                produced - consumed, pub.getValueAtPercentile(99) / 1e6,
                e2e.getValueAtPercentile(99) / 1e6, metrics.sendErrors.sum(),
                sample == null ? "" : String.format(Locale.ROOT, " | broker rss %d MiB",
                        sample.rssBytes() >> 20));
        lastNanos = now;
        lastProduced = produced;
        lastConsumed = consumed;
    }

    void sampleWindowStart() {
        windowStart = sample();
    }

    void sampleWindowEnd() {
        windowEnd = sample();
    }

    private ProcessSample sample() {
        if (brokerPid.isEmpty()) {
            return null;
        }
        ProcessSample s = proc.sample(brokerPid.getAsLong()).orElse(null);
        if (s != null) {
            peakRss = Math.max(peakRss, Math.max(s.rssBytes(), s.peakRssBytes()));
        }
        return s;
    }

    /** CPU in the window and peak RSS, or null without a pid or both window samples. */
    BrokerUsage usage(long producedBytesInWindow) {
        if (windowStart == null || windowEnd == null) {
            return null;
        }
        double cpu = windowEnd.cpuSeconds() - windowStart.cpuSeconds();
        double perGb = producedBytesInWindow == 0 ? Double.NaN
                : cpu / (producedBytesInWindow / 1e9);
        return new BrokerUsage(cpu, perGb, peakRss, windowEnd.rssBytes());
    }
}
