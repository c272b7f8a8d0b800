package io.tideway.broker;

import java.util.Map;
import org.apache.kafka.common.Uuid;

/**
 * A topic as the catalogue knows it. Immutable and thread-safe.
 *
 * @param name the topic's name
 * @param id the topic's stable id (Metadata, Fetch v13+ and Produce v13 use it)
 * @param partitionCount the number of partitions, numbered from 0
 * @param configOverrides the topic-level configuration overrides (not the defaults)
 * @param internal whether it is an internal topic (e.g. {@code __consumer_offsets}; none yet)
 */
public record TopicInfo(String name, Uuid id, int partitionCount,
    Map<String, String> configOverrides, boolean internal) {

  public TopicInfo {
    configOverrides = Map.copyOf(configOverrides);
  }
}
