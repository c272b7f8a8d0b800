package io.tideway.broker;

import java.util.Map;

/**
 * A request to create a topic, as CreateTopics carries it. Immutable.
 *
 * @param name the topic's name
 * @param numPartitions the partition count, or -1 for the broker's {@code num.partitions}
 * @param replicationFactor 1, or -1 for the broker default (a single node has one replica)
 * @param configs topic configuration overrides, validated against the topic configuration keys
 */
public record TopicSpec(String name, int numPartitions, short replicationFactor,
    Map<String, String> configs) {

  public TopicSpec {
    configs = Map.copyOf(configs);
  }
}
