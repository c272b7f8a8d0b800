package io.tideway.broker.internal.topic;

import io.tideway.broker.TopicSpec;
import io.tideway.broker.internal.config.TopicConfigKeys;
import io.tideway.broker.internal.config.TopicConfigResolver;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;

/**
 * Kafka's checks of topic requests, with Kafka's messages: names ({@link Topic#validate}: at most
 * 249 characters of {@code [a-zA-Z0-9._-]}, not "." or "..", and no collision with an existing
 * name once '.' and '_' are unified), partition counts, replication factors (a single node has one
 * replica) and configuration overrides ({@link TopicConfigKeys}).
 *
 * <p>Thread contract: stateless, thread-safe.
 */
final class TopicRequests {

  private TopicRequests() {
  }

  /** A create request after validation: name, partition count and overrides. */
  record ValidCreate(String name, int partitions, Map<String, String> configs) {
  }

  /**
   * Validates {@code spec}.
   *
   * @param defaultPartitions {@code num.partitions}, used for -1
   * @throws InvalidTopicException, InvalidPartitionsException, InvalidReplicationFactorException,
   *     InvalidConfigurationException
   */
  static ValidCreate validateCreate(TopicSpec spec, int defaultPartitions,
      TopicConfigResolver resolver) {
    validateName(spec.name());
    int partitions = spec.numPartitions() == -1 ? defaultPartitions : spec.numPartitions();
    if (partitions < 1) {
      throw new InvalidPartitionsException(
          "Number of partitions was set to an invalid non-positive value.");
    }
    short factor = spec.replicationFactor();
    if (factor == 0 || factor < -1) {
      throw new InvalidReplicationFactorException(
          "Replication factor must be larger than 0, or -1 to use the default value.");
    }
    if (factor > 1) {
      throw new InvalidReplicationFactorException("Unable to replicate the partition " + factor
          + " time(s): The target replication factor of " + factor
          + " cannot be reached because only 1 broker(s) are registered.");
    }
    validateConfigs(spec.configs(), resolver);
    return new ValidCreate(spec.name(), partitions, spec.configs());
  }

  /** Kafka's name rules. */
  static void validateName(String name) {
    if (name == null) {
      throw new InvalidTopicException("Topic name is null");
    }
    Topic.validate(name);
  }

  /** Refuses a name that differs from an existing one only by '.' versus '_'. */
  static void checkCollision(String name, Collection<String> existing) {
    if (!Topic.hasCollisionChars(name)) {
      return;
    }
    for (String other : existing) {
      if (!other.equals(name) && Topic.hasCollision(name, other)) {
        throw new InvalidTopicException("Topic '" + name + "' collides with existing topic: "
            + other);
      }
    }
  }

  /** Checks overrides key by key, then as a whole against the log's rules. */
  static void validateConfigs(Map<String, String> configs, TopicConfigResolver resolver) {
    TopicConfigKeys.validate(configs);
    try {
      resolver.logConfig(configs);
    } catch (ConfigException e) {
      throw new InvalidConfigurationException(e.getMessage());
    }
  }

  /** CreatePartitions: the count can only grow. */
  static void validateNewCount(String name, int current, int requested) {
    if (requested < current) {
      throw new InvalidPartitionsException("Topic currently has " + current
          + " partitions, which is higher than the requested " + requested + ".");
    }
    if (requested == current) {
      throw new InvalidPartitionsException("Topic already has " + current + " partitions.");
    }
  }
}
