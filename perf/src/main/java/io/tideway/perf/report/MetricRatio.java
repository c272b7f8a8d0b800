package io.tideway.perf.report;

import io.tideway.perf.run.RunResult;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One compared metric: the median over Tideway's runs, the median over Kafka's runs, and their
 * ratio (Tideway / Kafka), with an optional target.
 *
 * <p>Immutable; thread-safe. Invariant: {@code ratio} is NaN when either median is missing
 * (NaN) or Kafka's median is 0.
 *
 * @param name what is measured, e.g. {@code produce MB/s}
 * @param tidewayMedian median over the Tideway runs (NaN when none had the metric)
 * @param kafkaMedian median over the Kafka runs (NaN when none had the metric)
 * @param ratio {@code tidewayMedian / kafkaMedian}
 * @param target the goal for the ratio, if any
 */
public record MetricRatio(String name, double tidewayMedian, double kafkaMedian, double ratio,
        Optional<Target> target) {

    /**
     * Compares {@code metric} over two groups of runs; a run where the metric is empty or NaN is
     * left out of its median.
     */
    public static MetricRatio of(String name, List<RunResult> tideway, List<RunResult> kafka,
            Function<RunResult, Optional<Double>> metric, Target target) {
        double t = median(tideway.stream().map(metric).flatMap(Optional::stream)
                .mapToDouble(Double::doubleValue).toArray());
        double k = median(kafka.stream().map(metric).flatMap(Optional::stream)
                .mapToDouble(Double::doubleValue).toArray());
        return new MetricRatio(name, t, k, ratio(t, k), Optional.ofNullable(target));
    }

    /** {@code numerator / denominator}, NaN when either is NaN or the denominator is 0. */
    public static double ratio(double numerator, double denominator) {
        if (Double.isNaN(numerator) || Double.isNaN(denominator) || denominator == 0) {
            return Double.NaN;
        }
        return numerator / denominator;
    }

    /**
     * The median of the finite values (mean of the middle two for an even count), NaN when
     * there are none.
     */
    public static double median(double[] values) {
        double[] finite = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        if (finite.length == 0) {
            return Double.NaN;
        }
        int mid = finite.length / 2;
        return finite.length % 2 == 1 ? finite[mid] : (finite[mid - 1] + finite[mid]) / 2;
    }

    /** Whether there is a target and the ratio meets it. */
    public boolean targetMet() {
        return target.map(t -> t.isMetBy(ratio)).orElse(false);
    }
}
