package io.tideway.perf.report;

import io.tideway.perf.run.BrokerUsage;
import io.tideway.perf.run.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tideway/Kafka ratios of the medians for one workload: full-speed runs of both, and optionally
 * rate-limited runs at half Kafka's measured maximum (for end-to-end latency under load that
 * both brokers can carry).
 *
 * <p>Immutable; thread-safe.
 *
 * @param workloadName the compared workload
 * @param ratios one entry per metric, targets included
 */
public record Comparison(String workloadName, List<MetricRatio> ratios) {

    /** Produce throughput target when both brokers flush alike. */
    public static final Target PRODUCE_TARGET = Target.atLeast(1.5);
    /** Produce throughput target of Tideway with group-commit fsync against Kafka without fsync. */
    public static final Target PRODUCE_FSYNC_VS_PAGE_CACHE_TARGET = Target.atLeast(1.0);

    /** Copies the list. */
    public Comparison {
        ratios = List.copyOf(ratios);
    }

    /**
     * Computes the ratios.
     *
     * @param tideway full-speed Tideway runs
     * @param kafka full-speed Kafka runs
     * @param tidewayHalf Tideway runs at half Kafka's maximum rate (may be empty)
     * @param kafkaHalf Kafka runs at half Kafka's maximum rate (may be empty)
     * @param produceTarget {@link #PRODUCE_TARGET}, or {@link #PRODUCE_FSYNC_VS_PAGE_CACHE_TARGET}
     *     when Tideway fsyncs and Kafka does not
     */
    public static Comparison of(String workloadName, List<RunResult> tideway,
            List<RunResult> kafka, List<RunResult> tidewayHalf, List<RunResult> kafkaHalf,
            Target produceTarget) {
        List<MetricRatio> r = new ArrayList<>();
        r.add(MetricRatio.of("produce MB/s", tideway, kafka,
                x -> Optional.of(x.produced().megabytesPerSecond()), produceTarget));
        r.add(MetricRatio.of("consume MB/s", tideway, kafka,
                x -> Optional.of(x.consumed().megabytesPerSecond()), Target.atLeast(1.2)));
        r.add(MetricRatio.of("broker CPU s/GB produced", tideway, kafka,
                x -> x.brokerUsage().map(BrokerUsage::cpuSecondsPerGb), Target.atMost(0.5)));
        r.add(MetricRatio.of("broker peak RSS MiB", tideway, kafka,
                x -> x.brokerUsage().map(u -> u.peakRssBytes() / 1048576.0),
                Target.atMost(0.35)));
        r.add(MetricRatio.of("start-to-ready ms", tideway, kafka, RunResult::startToReadyMillis,
                Target.atMost(0.2)));
        r.add(MetricRatio.of("publish p50 ms (max rate)", tideway, kafka,
                x -> Optional.of(x.publishLatency().p50Micros() / 1000.0), null));
        r.add(MetricRatio.of("publish p99 ms (max rate)", tideway, kafka,
                x -> Optional.of(x.publishLatency().p99Micros() / 1000.0), null));
        r.add(MetricRatio.of("e2e p99 ms (max rate)", tideway, kafka,
                x -> Optional.of(x.endToEndLatency().p99Micros() / 1000.0), null));
        if (!tidewayHalf.isEmpty() && !kafkaHalf.isEmpty()) {
            r.add(MetricRatio.of("e2e p99 ms (half Kafka max rate)", tidewayHalf, kafkaHalf,
                    x -> Optional.of(x.endToEndLatency().p99Micros() / 1000.0),
                    Target.atMost(0.5)));
            r.add(MetricRatio.of("e2e p99.9 ms (half Kafka max rate)", tidewayHalf, kafkaHalf,
                    x -> Optional.of(x.endToEndLatency().p999Micros() / 1000.0), null));
            r.add(MetricRatio.of("publish p99 ms (half Kafka max rate)", tidewayHalf, kafkaHalf,
                    x -> Optional.of(x.publishLatency().p99Micros() / 1000.0), null));
        }
        return new Comparison(workloadName, r);
    }
}
