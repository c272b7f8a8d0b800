package io.tideway.broker.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class LogConfigTest {

  @Test
  void defaultsMatchKafka() {
    LogConfig config = LogConfig.defaults();
    assertThat(config.segmentBytes()).isEqualTo(1 << 30);
    assertThat(config.segmentMs()).isEqualTo(7L * 24 * 3600 * 1000);
    assertThat(config.segmentIndexBytes()).isEqualTo(10 << 20);
    assertThat(config.indexIntervalBytes()).isEqualTo(4096);
    assertThat(config.retentionMs()).isEqualTo(7L * 24 * 3600 * 1000);
    assertThat(config.retentionBytes()).isEqualTo(-1);
    assertThat(config.maxMessageBytes()).isEqualTo(1048588);
    assertThat(config.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
    assertThat(config.flushPolicy()).isEqualTo(LogConfig.FlushPolicy.NONE);
    assertThat(config.fileDeleteDelayMs()).isEqualTo(60_000);
  }

  @Test
  void parsesStringsAndIgnoresUnknownKeys() {
    LogConfig config = LogConfig.from(Map.of("segment.bytes", "4096", "retention.ms", "-1",
        "message.timestamp.type", "LogAppendTime", "log.flush.policy", "group-commit",
        "cleanup.policy", "delete"));
    assertThat(config.segmentBytes()).isEqualTo(4096);
    assertThat(config.retentionMs()).isEqualTo(-1);
    assertThat(config.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
    assertThat(config.flushPolicy()).isEqualTo(LogConfig.FlushPolicy.GROUP_COMMIT);
  }

  @Test
  void rejectsInvalidValuesNamingTheKey() {
    assertThatThrownBy(() -> LogConfig.from(Map.of("segment.bytes", "10")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("segment.bytes");
    assertThatThrownBy(() -> LogConfig.from(Map.of("log.flush.policy", "always")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("log.flush.policy");
    assertThatThrownBy(() -> LogConfig.from(Map.of("retention.bytes", "lots")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("retention.bytes");
  }

  @Test
  void overridesApplyOnTopAndKeepEquality() {
    LogConfig base = LogConfig.from(Map.of("segment.bytes", 4096));
    LogConfig changed = base.with(Map.of("retention.bytes", 100L));
    assertThat(changed.segmentBytes()).isEqualTo(4096);
    assertThat(changed.retentionBytes()).isEqualTo(100);
    assertThat(changed).isNotEqualTo(base);
    assertThat(base.with(Map.of())).isEqualTo(base).hasSameHashCodeAs(base);
  }
}
