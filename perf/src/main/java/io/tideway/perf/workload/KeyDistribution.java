package io.tideway.perf.workload;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a workload's producers choose record keys, and so partitions.
 *
 * <p>Immutable enum constants; thread-safe.
 */
public enum KeyDistribution {
    /** No key: the client's default partitioner fills one partition's batch at a time. */
    NONE("none"),
    /** A random 8-byte key per record: murmur2 hashing spreads records over the partitions. */
    RANDOM("random"),
    /** No key, but an explicit partition per record, cycling 0, 1, ... partitions-1. */
    ROUND_ROBIN("round-robin");

    private final String configName;

    KeyDistribution(String configName) {
        this.configName = configName;
    }

    /** The name used in workload files. */
    public String configName() {
        return configName;
    }

    /**
     * Parses a workload file value ({@code none}, {@code random}, {@code round-robin}; case and
     * {@code _} vs {@code -} do not matter).
     *
     * @throws WorkloadException naming the accepted values when {@code text} is none of them
     */
    public static KeyDistribution parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (KeyDistribution value : values()) {
            if (value.configName.equals(wanted)) {
                return value;
            }
        }
        throw new WorkloadException("keyDistribution: '" + text + "' is not one of "
                + Arrays.stream(values()).map(KeyDistribution::configName)
                        .collect(Collectors.joining(", ")));
    }
}
