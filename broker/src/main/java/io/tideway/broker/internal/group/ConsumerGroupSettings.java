package io.tideway.broker.internal.group;

import io.tideway.broker.internal.group.assignor.PartitionAssignor;
import io.tideway.broker.internal.group.assignor.RangeAssignor;
import io.tideway.broker.internal.group.assignor.UniformAssignor;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings of KIP-848 consumer groups, by their Kafka names with Kafka's defaults.
 *
 * <p>Thread contract: an immutable value, thread-safe. Invariants (checked): minimum &lt;= value
 * &lt;= maximum for the session timeout and the heartbeat interval, the heartbeat interval is
 * shorter than the session timeout, and every assignor name is known.
 *
 * @param sessionTimeoutMs {@code group.consumer.session.timeout.ms} (45000)
 * @param heartbeatIntervalMs {@code group.consumer.heartbeat.interval.ms} (5000)
 * @param minSessionTimeoutMs {@code group.consumer.min.session.timeout.ms} (45000)
 * @param maxSessionTimeoutMs {@code group.consumer.max.session.timeout.ms} (60000)
 * @param minHeartbeatIntervalMs {@code group.consumer.min.heartbeat.interval.ms} (5000)
 * @param maxHeartbeatIntervalMs {@code group.consumer.max.heartbeat.interval.ms} (15000)
 * @param maxSize {@code group.consumer.max.size}: members per consumer group (unbounded)
 * @param assignors {@code group.consumer.assignors}: names, preferred first (uniform, range)
 */
public record ConsumerGroupSettings(int sessionTimeoutMs, int heartbeatIntervalMs,
    int minSessionTimeoutMs, int maxSessionTimeoutMs, int minHeartbeatIntervalMs,
    int maxHeartbeatIntervalMs, int maxSize, List<String> assignors) {

  /** Validates the values. */
  public ConsumerGroupSettings {
    assignors = List.copyOf(assignors);
    within("group.consumer.session.timeout.ms", sessionTimeoutMs, minSessionTimeoutMs,
        maxSessionTimeoutMs);
    within("group.consumer.heartbeat.interval.ms", heartbeatIntervalMs, minHeartbeatIntervalMs,
        maxHeartbeatIntervalMs);
    if (heartbeatIntervalMs >= sessionTimeoutMs) {
      throw new IllegalArgumentException("group.consumer.heartbeat.interval.ms ("
          + heartbeatIntervalMs + ") must be lower than group.consumer.session.timeout.ms ("
          + sessionTimeoutMs + ")");
    }
    if (maxSize < 1) {
      throw new IllegalArgumentException("group.consumer.max.size must be >= 1, got " + maxSize);
    }
    if (assignors.isEmpty()) {
      throw new IllegalArgumentException("group.consumer.assignors must name at least one"
          + " assignor");
    }
    assignors.forEach(ConsumerGroupSettings::assignor);
  }

  /** Kafka's defaults. */
  public static ConsumerGroupSettings defaults() {
    return new ConsumerGroupSettings(45_000, 5000, 45_000, 60_000, 5000, 15_000,
        Integer.MAX_VALUE, List.of(UniformAssignor.NAME, RangeAssignor.NAME));
  }

  /** The configured assignors, preferred first. */
  List<PartitionAssignor> assignorInstances() {
    List<PartitionAssignor> result = new ArrayList<>();
    assignors.forEach(name -> result.add(assignor(name)));
    return result;
  }

  /**
   * The assignor called {@code name}: {@code uniform} or {@code range}, or Kafka's class names of
   * the same assignors.
   */
  static PartitionAssignor assignor(String name) {
    return switch (name.trim()) {
      case UniformAssignor.NAME, "org.apache.kafka.coordinator.group.assignor.UniformAssignor" ->
          new UniformAssignor();
      case RangeAssignor.NAME, "org.apache.kafka.coordinator.group.assignor.RangeAssignor" ->
          new RangeAssignor();
      default -> throw new IllegalArgumentException("Unknown consumer group assignor " + name
          + " in group.consumer.assignors: expected uniform or range");
    };
  }

  private static void within(String name, int value, int min, int max) {
    if (min > max) {
      throw new IllegalArgumentException("The minimum of " + name + " (" + min
          + ") exceeds its maximum (" + max + ")");
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " (" + value + ") must be between " + min
          + " and " + max);
    }
  }
}
