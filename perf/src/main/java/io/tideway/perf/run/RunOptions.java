package io.tideway.perf.run;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * Where and how to run a workload: the bootstrap servers, a label for the reports, the broker's
 * process id when known (for CPU and RSS), the progress interval and how long consumers may take
 * to catch up after the producers stop.
 *
 * <p>Immutable; thread-safe.
 *
 * @param bootstrapServers Kafka {@code bootstrap.servers}
 * @param label name of this run in reports, e.g. {@code tideway} or {@code kafka}
 * @param brokerPid broker process id, empty when unknown (no CPU or RSS then)
 * @param progressInterval time between progress lines
 * @param drainTimeout the longest wait for consumers to read what was produced
 */
public record RunOptions(String bootstrapServers, String label, OptionalLong brokerPid,
        Duration progressInterval, Duration drainTimeout) {

    /** Validates: non-blank bootstrap and label, positive intervals. */
    public RunOptions {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers must not be blank");
        }
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("label must not be blank");
        }
        if (progressInterval.isNegative() || progressInterval.isZero()) {
            throw new IllegalArgumentException("progressInterval must be > 0");
        }
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drainTimeout must be >= 0");
        }
    }

    /** Defaults: progress every 5 s, 30 s to drain. */
    public static RunOptions of(String bootstrapServers, String label, OptionalLong brokerPid) {
        return new RunOptions(bootstrapServers, label, brokerPid, Duration.ofSeconds(5),
                Duration.ofSeconds(30));
    }
}
