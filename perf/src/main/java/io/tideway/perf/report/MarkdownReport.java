package io.tideway.perf.report;

import io.tideway.perf.run.RunResult;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The human-readable summary: environment, one table row per run, one ratio table per
 * comparison (Tideway / Kafka of the medians, with the target and whether it is met).
 *
 * <p>Stateless; thread-safe.
 */
final class MarkdownReport {

    private MarkdownReport() {
    }

    static String render(Map<String, String> environment, List<RunResult> runs,
            List<Comparison> comparisons) {
        StringBuilder md = new StringBuilder("# Perf results\n\n");
        environment.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v)
                .append('\n'));
        md.append("\n## Runs\n\n| broker | workload | rate | produce rec/s | produce MB/s "
                + "| consume MB/s | pub p50 / p99 / p99.9 / max ms | e2e p50 / p99 / p99.9 / max ms "
                + "| broker CPU s/GB | broker peak RSS MiB | start-to-ready ms | errors |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (RunResult r : runs) {
            md.append(String.format(Locale.ROOT,
                    "| %s | %s (%d×%d p, %d B, acks=%s) | %s | %.0f | %.1f | %.1f | %s | %s | %s | %s "
                            + "| %s | %d |%n",
                    r.label(), r.workload().name(), r.workload().topics(),
                    r.workload().partitionsPerTopic(), r.workload().messageSize(),
                    r.workload().acks(),
                    r.workload().unlimitedRate() ? "max"
                            : String.format(Locale.ROOT, "%.0f/s", r.workload().producerRate()),
                    r.produced().recordsPerSecond(), r.produced().megabytesPerSecond(),
                    r.consumed().megabytesPerSecond(),
                    latency(r.publishLatency().p50Micros(), r.publishLatency().p99Micros(),
                            r.publishLatency().p999Micros(), r.publishLatency().maxMicros()),
                    latency(r.endToEndLatency().p50Micros(), r.endToEndLatency().p99Micros(),
                            r.endToEndLatency().p999Micros(), r.endToEndLatency().maxMicros()),
                    r.brokerUsage().map(u -> fmt(u.cpuSecondsPerGb())).orElse("n/a"),
                    r.brokerUsage().map(u -> Long.toString(u.peakRssBytes() >> 20)).orElse("n/a"),
                    r.startToReadyMillis().map(MarkdownReport::fmt).orElse("n/a"),
                    r.sendErrors()));
        }
        for (Comparison c : comparisons) {
            md.append("\n## Tideway / Kafka: ").append(c.workloadName()).append("\n\n");
            md.append("| metric | Tideway (median) | Kafka (median) | ratio | target | met |\n");
            md.append("|---|---|---|---|---|---|\n");
            for (MetricRatio m : c.ratios()) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n",
                        m.name(), fmt(m.tidewayMedian()), fmt(m.kafkaMedian()), fmt(m.ratio()),
                        m.target().map(Target::toString).orElse(""),
                        m.target().isEmpty() ? "" : m.targetMet() ? "yes" : "no"));
            }
        }
        return md.toString();
    }

    private static String latency(long p50, long p99, long p999, long max) {
        return String.format(Locale.ROOT, "%.2f / %.2f / %.2f / %.2f", p50 / 1000.0,
                p99 / 1000.0, p999 / 1000.0, max / 1000.0);
    }

    static String fmt(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.3g", value);
    }
}
