package io.tideway.broker.internal.group;

import io.tideway.broker.BrokerSettings;
import io.tideway.broker.ConfigEntryView;
import java.util.Optional;

/**
 * The coordinator's settings, read by their Kafka names from the node's static configuration with
 * Kafka's defaults.
 *
 * <p>Thread contract: an immutable value, thread-safe.
 *
 * @param initialRebalanceDelayMs {@code group.initial.rebalance.delay.ms}: how long the first
 *     join phase of an empty classic group waits for more members (3000)
 * @param minSessionTimeoutMs {@code group.min.session.timeout.ms} (6000)
 * @param maxSessionTimeoutMs {@code group.max.session.timeout.ms} (1800000)
 * @param maxSize {@code group.max.size}: members per classic group (unbounded)
 * @param offsetsRetentionMs {@code offsets.retention.minutes} in milliseconds (7 days)
 * @param offsetsRetentionCheckIntervalMs {@code offsets.retention.check.interval.ms} (600000)
 * @param offsetMetadataMaxBytes {@code offset.metadata.max.bytes} (4096)
 */
public record GroupSettings(long initialRebalanceDelayMs, int minSessionTimeoutMs,
    int maxSessionTimeoutMs, int maxSize, long offsetsRetentionMs,
    long offsetsRetentionCheckIntervalMs, int offsetMetadataMaxBytes) {

  /** Validates the values. */
  public GroupSettings {
    if (minSessionTimeoutMs > maxSessionTimeoutMs) {
      throw new IllegalArgumentException("group.min.session.timeout.ms (" + minSessionTimeoutMs
          + ") exceeds group.max.session.timeout.ms (" + maxSessionTimeoutMs + ")");
    }
    if (maxSize < 1) {
      throw new IllegalArgumentException("group.max.size must be >= 1, got " + maxSize);
    }
  }

  /** Kafka's defaults. */
  public static GroupSettings defaults() {
    return new GroupSettings(3000, 6000, 1_800_000, Integer.MAX_VALUE, 7L * 24 * 60 * 60 * 1000,
        600_000, 4096);
  }

  /** The settings of {@code settings}' static configuration, Kafka's defaults for unset keys. */
  public static GroupSettings from(BrokerSettings settings) {
    GroupSettings d = defaults();
    return new GroupSettings(
        number(settings, "group.initial.rebalance.delay.ms").orElse(d.initialRebalanceDelayMs),
        number(settings, "group.min.session.timeout.ms").map(Long::intValue)
            .orElse(d.minSessionTimeoutMs),
        number(settings, "group.max.session.timeout.ms").map(Long::intValue)
            .orElse(d.maxSessionTimeoutMs),
        number(settings, "group.max.size").map(Long::intValue).orElse(d.maxSize),
        number(settings, "offsets.retention.minutes").map(minutes -> minutes * 60_000)
            .orElse(d.offsetsRetentionMs),
        number(settings, "offsets.retention.check.interval.ms")
            .orElse(d.offsetsRetentionCheckIntervalMs),
        number(settings, "offset.metadata.max.bytes").map(Long::intValue)
            .orElse(d.offsetMetadataMaxBytes));
  }

  private static Optional<String> value(BrokerSettings settings, String name) {
    return settings.staticConfig().stream().filter(entry -> entry.name().equals(name))
        .map(ConfigEntryView::value).filter(value -> value != null && !value.isBlank())
        .findFirst();
  }

  private static Optional<Long> number(BrokerSettings settings, String name) {
    return value(settings, name).map(text -> {
      try {
        return Long.parseLong(text.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Invalid value " + text + " for " + name
            + ": expected an integer", e);
      }
    });
  }
}
