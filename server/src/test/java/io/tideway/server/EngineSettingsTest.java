package io.tideway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tideway.broker.BrokerSettings;
import io.tideway.broker.log.LogConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineSettingsTest {

    @TempDir
    Path dir;

    private BrokerSettings settings(Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(Map.of("log.dirs",
                dir.resolve("a") + "," + dir.resolve("b")));
        config.putAll(extra);
        return EngineSettings.from(BrokerConfig.fromMap(config));
    }

    @Test
    void defaultsAreKafkasTopicDefaults() {
        BrokerSettings settings = settings(Map.of());
        assertThat(settings.nodeId()).isEqualTo(1);
        assertThat(settings.rack()).isNull();
        assertThat(settings.logDirs()).containsExactly(dir.resolve("a"), dir.resolve("b"));
        assertThat(settings.numPartitions()).isEqualTo(1);
        assertThat(settings.autoCreateTopics()).isTrue();
        assertThat(settings.retentionCheckInterval()).isEqualTo(Duration.ofMinutes(5));
        LogConfig topic = settings.topicDefaults();
        assertThat(topic.segmentBytes()).isEqualTo(1_073_741_824);
        assertThat(topic.segmentMs()).isEqualTo(Duration.ofDays(7).toMillis());
        assertThat(topic.retentionMs()).isEqualTo(Duration.ofDays(7).toMillis());
        assertThat(topic.retentionBytes()).isEqualTo(-1);
        assertThat(topic.maxMessageBytes()).isEqualTo(1_048_588);
        assertThat(topic.indexIntervalBytes()).isEqualTo(4096);
        assertThat(topic.segmentIndexBytes()).isEqualTo(10_485_760);
        assertThat(topic.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(topic.flushPolicy()).isEqualTo(LogConfig.FlushPolicy.NONE);
    }

    @Test
    void everyBrokerLogKeyBecomesItsTopicDefault() {
        BrokerSettings settings = settings(Map.ofEntries(
                Map.entry("node.id", "7"),
                Map.entry("broker.rack", "r1"),
                Map.entry("num.partitions", "6"),
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("log.retention.check.interval.ms", "1000"),
                Map.entry("log.segment.bytes", "2048"),
                Map.entry("log.roll.hours", "2"),
                Map.entry("log.retention.minutes", "5"),
                Map.entry("log.retention.bytes", "123456"),
                Map.entry("log.index.interval.bytes", "100"),
                Map.entry("log.index.size.max.bytes", "4096"),
                Map.entry("message.max.bytes", "5000"),
                Map.entry("log.message.timestamp.type", "LogAppendTime"),
                Map.entry("log.flush.policy", "group-commit")));
        assertThat(settings.nodeId()).isEqualTo(7);
        assertThat(settings.rack()).isEqualTo("r1");
        assertThat(settings.numPartitions()).isEqualTo(6);
        assertThat(settings.autoCreateTopics()).isFalse();
        assertThat(settings.retentionCheckInterval()).isEqualTo(Duration.ofSeconds(1));
        LogConfig topic = settings.topicDefaults();
        assertThat(topic.segmentBytes()).isEqualTo(2048);
        assertThat(topic.segmentMs()).isEqualTo(Duration.ofHours(2).toMillis());
        assertThat(topic.retentionMs()).isEqualTo(Duration.ofMinutes(5).toMillis());
        assertThat(topic.retentionBytes()).isEqualTo(123_456);
        assertThat(topic.indexIntervalBytes()).isEqualTo(100);
        assertThat(topic.segmentIndexBytes()).isEqualTo(4096);
        assertThat(topic.maxMessageBytes()).isEqualTo(5000);
        assertThat(topic.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(topic.flushPolicy()).isEqualTo(LogConfig.FlushPolicy.GROUP_COMMIT);
    }

    @Test
    void millisecondKeysWinAndMinusOneKeepsForever() {
        LogConfig topic = settings(Map.of("log.roll.ms", "1234", "log.roll.hours", "5",
                "log.retention.hours", "-1")).topicDefaults();
        assertThat(topic.segmentMs()).isEqualTo(1234);
        assertThat(topic.retentionMs()).isEqualTo(-1);
    }

    @Test
    void aValueTheLogRefusesNamesTheBrokerKey() {
        assertThatThrownBy(() -> settings(Map.of("log.index.size.max.bytes", "8")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("log.index.size.max.bytes")
                .hasMessageContaining("segment.index.bytes");
    }

    @Test
    void staticEntriesComeWithTheSettings() {
        assertThat(settings(Map.of()).staticConfig())
                .extracting(e -> e.name())
                .contains("log.dirs", "log.retention.check.interval.ms", "broker.rack", "listeners",
                        "num.network.threads", "producer.id.expiration.ms");
    }

    @Test
    void transactionSettingsReachTheEngineByName() {
        Map<String, String> values = new java.util.HashMap<>();
        settings(Map.of("transaction.max.timeout.ms", "120000")).staticConfig()
                .forEach(entry -> values.put(entry.name(), entry.value()));

        assertThat(values).containsEntry("transaction.max.timeout.ms", "120000")
                .containsEntry("transaction.abort.timed.out.transaction.cleanup.interval.ms",
                        "10000")
                .containsEntry("transactional.id.expiration.ms", "604800000")
                .containsEntry("transaction.remove.expired.transaction.cleanup.interval.ms",
                        "3600000")
                .containsEntry("transaction.version", "2");
    }
}
