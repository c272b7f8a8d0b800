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
 * @param consumer the settings of KIP-848 consumer groups
 * @param producerIdExpirationMs {@code producer.id.expiration.ms}: how long the last epoch of a
 *     transactional producer without pending offsets is remembered for fencing (86400000)
 */
public record GroupSettings(long initialRebalanceDelayMs, int minSessionTimeoutMs,
    int maxSessionTimeoutMs, int maxSize, long offsetsRetentionMs,
    long offsetsRetentionCheckIntervalMs, int offsetMetadataMaxBytes,
    ConsumerGroupSettings consumer, long producerIdExpirationMs) {

  /** Kafka's default {@code producer.id.expiration.ms}: one day. */
  public static final long DEFAULT_PRODUCER_ID_EXPIRATION_MS = 86_400_000L;

  /** Classic-group settings with Kafka's defaults for consumer groups and producer expiry. */
  public GroupSettings(long initialRebalanceDelayMs, int minSessionTimeoutMs,
      int maxSessionTimeoutMs, int maxSize, long offsetsRetentionMs,
      long offsetsRetentionCheckIntervalMs, int offsetMetadataMaxBytes) {
    this(initialRebalanceDelayMs, minSessionTimeoutMs, maxSessionTimeoutMs, maxSize,
        offsetsRetentionMs, offsetsRetentionCheckIntervalMs, offsetMetadataMaxBytes,
        ConsumerGroupSettings.defaults(), DEFAULT_PRODUCER_ID_EXPIRATION_MS);
  }

  /** Validates the values. */
  public GroupSettings {
    java.util.Objects.requireNonNull(consumer, "consumer");
    if (minSessionTimeoutMs > maxSessionTimeoutMs) {
      throw new IllegalArgumentException("group.min.session.timeout.ms (" + minSessionTimeoutMs
          + ") exceeds group.max.session.timeout.ms (" + maxSessionTimeoutMs + ")");
    }
    if (maxSize < 1) {
      throw new IllegalArgumentException("group.max.size must be >= 1, got " + maxSize);
    }
    if (producerIdExpirationMs < 1) {
      throw new IllegalArgumentException("producer.id.expiration.ms must be >= 1, got "
          + producerIdExpirationMs);
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
            .orElse(d.offsetMetadataMaxBytes),
        consumer(settings),
        number(settings, "producer.id.expiration.ms").orElse(d.producerIdExpirationMs));
  }

  private static ConsumerGroupSettings consumer(BrokerSettings settings) {
    ConsumerGroupSettings d = ConsumerGroupSettings.defaults();
    return new ConsumerGroupSettings(
        integer(settings, "group.consumer.session.timeout.ms", d.sessionTimeoutMs()),
        integer(settings, "group.consumer.heartbeat.interval.ms", d.heartbeatIntervalMs()),
        integer(settings, "group.consumer.min.session.timeout.ms", d.minSessionTimeoutMs()),
        integer(settings, "group.consumer.max.session.timeout.ms", d.maxSessionTimeoutMs()),
        integer(settings, "group.consumer.min.heartbeat.interval.ms",
            d.minHeartbeatIntervalMs()),
        integer(settings, "group.consumer.max.heartbeat.interval.ms",
            d.maxHeartbeatIntervalMs()),
        integer(settings, "group.consumer.max.size", d.maxSize()),
        value(settings, "group.consumer.assignors")
            .map(text -> java.util.Arrays.stream(text.split(",")).map(String::trim)
                .filter(name -> !name.isEmpty()).toList())
            .orElse(d.assignors()));
  }

  private static int integer(BrokerSettings settings, String name, int fallback) {
    return number(settings, name).map(Long::intValue).orElse(fallback);
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
