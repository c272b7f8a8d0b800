package io.tideway.broker;

import io.tideway.broker.log.LogConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What the engine needs from the node's configuration, already validated by the server.
 * Immutable.
 *
 * @param nodeId this node's id
 * @param rack this node's rack, or null
 * @param logDirs the log directories (at least one); partitions are spread over them
 * @param topicDefaults the log configuration of a topic without overrides (from the broker's
 *     {@code log.*} and {@code message.max.bytes} settings)
 * @param numPartitions partitions of a topic created without a count ({@code num.partitions})
 * @param autoCreateTopics {@code auto.create.topics.enable}
 * @param retentionCheckInterval how often retention and time-based rolls are checked
 *     ({@code log.retention.check.interval.ms})
 * @param staticConfig the node's static configuration, for DescribeConfigs on the broker resource
 */
public record BrokerSettings(int nodeId, String rack, List<Path> logDirs, LogConfig topicDefaults,
    int numPartitions, boolean autoCreateTopics, Duration retentionCheckInterval,
    List<ConfigEntryView> staticConfig) {

  public BrokerSettings {
    logDirs = List.copyOf(logDirs);
    staticConfig = List.copyOf(staticConfig);
    if (logDirs.isEmpty()) {
      throw new IllegalArgumentException("at least one log directory is required");
    }
  }
}
