package io.tideway.broker.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tideway.broker.log.LogConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

class TopicConfigKeysTest {

  @Test
  void everyLogConfigKeyAndTheStoredOnlyKeysAreKnown() {
    assertThat(TopicConfigKeys.names()).containsAll(LogConfig.CONFIG_DEF.names())
        .contains("cleanup.policy", "compression.type", "min.insync.replicas",
            "unclean.leader.election.enable", "message.timestamp.before.max.ms",
            "message.timestamp.after.max.ms", "min.compaction.lag.ms", "max.compaction.lag.ms",
            "min.cleanable.dirty.ratio", "delete.retention.ms", "flush.messages", "flush.ms",
            "preallocate", "segment.jitter.ms", "compression.gzip.level",
            "compression.lz4.level", "compression.zstd.level");
    assertThat(TopicConfigKeys.isKnown("remote.storage.enable")).isFalse();
  }

  @Test
  void acceptsValidValuesOfEveryKind() {
    assertThatCode(() -> TopicConfigKeys.validate(Map.of("retention.ms", "-1",
        "cleanup.policy", "compact,delete", "compression.type", "zstd",
        "compression.zstd.level", "3", "min.insync.replicas", "2",
        "unclean.leader.election.enable", "true", "min.cleanable.dirty.ratio", "0.1",
        "log.flush.policy", "group-commit", "message.timestamp.type", "LogAppendTime")))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesUnknownKeysNullValuesAndOutOfRangeValuesNamingThem() {
    assertThatThrownBy(() -> TopicConfigKeys.validate(Map.of("retention.mss", "1")))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage("Unknown topic config name: retention.mss");
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("retention.ms", null);
    assertThatThrownBy(() -> TopicConfigKeys.validate(nullValue))
        .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("retention.ms");
    assertThatThrownBy(() -> TopicConfigKeys.validate(Map.of("retention.ms", "-2")))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("Invalid value -2 for configuration retention.ms");
    assertThatThrownBy(() -> TopicConfigKeys.validate(Map.of("segment.bytes", "lots")))
        .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("segment.bytes");
    assertThatThrownBy(() -> TopicConfigKeys.validate(Map.of("cleanup.policy", "shred")))
        .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("cleanup.policy");
    assertThatThrownBy(() -> TopicConfigKeys.validate(Map.of("compression.gzip.level", "42")))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("compression.gzip.level");
    assertThatThrownBy(() -> TopicConfigKeys.validate(Map.of("log.flush.policy", "always")))
        .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("log.flush.policy");
  }

  @Test
  void compactionLagsMustBeOrdered() {
    assertThatThrownBy(() -> TopicConfigKeys.validate(Map.of("min.compaction.lag.ms", "10",
        "max.compaction.lag.ms", "5"))).isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("min.compaction.lag.ms (10) > max.compaction.lag.ms (5)");
  }

  @Test
  void retentionDeletesOnlyWithTheDeletePolicy() {
    assertThat(TopicConfigKeys.retentionDeletes("delete")).isTrue();
    assertThat(TopicConfigKeys.retentionDeletes("compact, delete")).isTrue();
    assertThat(TopicConfigKeys.retentionDeletes("compact")).isFalse();
  }
}
