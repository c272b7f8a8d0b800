package io.tideway.perf.run;

import io.tideway.perf.metrics.LatencySummary;
import io.tideway.perf.workload.Workload;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * Everything one workload run measured against one broker.
 *
 * <p>Immutable by convention: the histograms are copies owned by this result and must not be
 * changed; thread-safe for reading.
 *
 * @param label the broker's name in reports ({@code tideway}, {@code kafka}, ...)
 * @param workload what was run
 * @param startedAt wall-clock start of the run
 * @param measuredSeconds length of the measured window
 * @param produced records acknowledged by the broker in the window
 * @param consumed records read by the consumers in the window
 * @param sendErrors sends that failed (any time in the run)
 * @param publishLatency send (intended time) to acknowledgement
 * @param endToEndLatency send (intended time) to a consumer's poll returning the record
 * @param publishHistogram the publish latencies in nanoseconds
 * @param endToEndHistogram the end-to-end latencies in nanoseconds
 * @param producedPerSecond acknowledged records per second over the whole run, warm-up included
 * @param consumedPerSecond consumed records per second over the whole run, warm-up included
 * @param brokerUsage CPU and memory of the broker, empty when its pid is unknown
 * @param startToReadyMillis start of the broker process to its first Metadata answer, empty when
 *     the harness did not start the broker
 */
public record RunResult(String label, Workload workload, Instant startedAt,
        double measuredSeconds, ThroughputStats produced, ThroughputStats consumed,
        long sendErrors, LatencySummary publishLatency, LatencySummary endToEndLatency,
        Histogram publishHistogram, Histogram endToEndHistogram, List<Long> producedPerSecond,
        List<Long> consumedPerSecond, Optional<BrokerUsage> brokerUsage,
        Optional<Double> startToReadyMillis) {

    /** This result with the broker's start-to-ready time, known to whoever started it. */
    public RunResult withStartToReadyMillis(double millis) {
        return new RunResult(label, workload, startedAt, measuredSeconds, produced, consumed,
                sendErrors, publishLatency, endToEndLatency, publishHistogram,
                endToEndHistogram, producedPerSecond, consumedPerSecond, brokerUsage,
                Optional.of(millis));
    }
}
