package io.tideway.server.clients;

import static io.tideway.server.testing.KafkaClients.createTopic;
import static io.tideway.server.testing.KafkaClients.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tideway.server.testing.KafkaClients;
import io.tideway.server.testing.RunningBroker;
import io.tideway.server.testing.TidewayBrokerTest;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConfigEntry.ConfigSource;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DescribeConfigs, AlterConfigs and IncrementalAlterConfigs on topics and on the broker. */
@TidewayBrokerTest(config = {"log.retention.hours=48", "message.max.bytes=2000000"})
class AdminConfigsIT {

    private static Admin admin;

    @BeforeAll
    static void connect(RunningBroker broker) {
        admin = KafkaClients.admin(broker);
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    private static ConfigResource topic(String name) {
        return new ConfigResource(ConfigResource.Type.TOPIC, name);
    }

    private static ConfigResource broker() {
        return new ConfigResource(ConfigResource.Type.BROKER, "1");
    }

    private static Config describe(ConfigResource resource) {
        return get(admin.describeConfigs(List.of(resource)).all()).get(resource);
    }

    private static void incremental(ConfigResource resource, AlterConfigOp... ops) {
        get(admin.incrementalAlterConfigs(Map.of(resource, List.<AlterConfigOp>of(ops))).all());
    }

    @Test
    void topicConfigsReportTheirSourceAndFollowTheBrokerDefaults() {
        createTopic(admin, "described", 1, Map.of("segment.bytes", "1048576"));
        Config config = describe(topic("described"));
        assertThat(config.get("segment.bytes").value()).isEqualTo("1048576");
        assertThat(config.get("segment.bytes").source()).isEqualTo(ConfigSource.DYNAMIC_TOPIC_CONFIG);
        // Broker defaults, from log.retention.hours and message.max.bytes.
        assertThat(config.get("retention.ms").value()).isEqualTo(String.valueOf(48L * 3_600_000));
        assertThat(config.get("retention.ms").source())
                .isIn(ConfigSource.STATIC_BROKER_CONFIG, ConfigSource.DEFAULT_CONFIG);
        assertThat(config.get("max.message.bytes").value()).isEqualTo("2000000");
        assertThat(config.get("cleanup.policy").value()).isEqualTo("delete");
    }

    @Test
    void incrementalAlterSetsAndDeletesTopicConfigs() {
        createTopic(admin, "altered", 1, Map.of("retention.ms", "60000"));
        incremental(topic("altered"),
                new AlterConfigOp(new ConfigEntry("retention.bytes", "1048576"),
                        AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("retention.ms", ""),
                        AlterConfigOp.OpType.DELETE));
        Config config = describe(topic("altered"));
        assertThat(config.get("retention.bytes").value()).isEqualTo("1048576");
        assertThat(config.get("retention.bytes").source())
                .isEqualTo(ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertThat(config.get("retention.ms").source()).isNotEqualTo(
                ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertThat(config.get("retention.ms").value()).isEqualTo(String.valueOf(48L * 3_600_000));
    }

    @Test
    void validateOnlyAndInvalidValuesChangeNothing() {
        createTopic(admin, "guarded", 1, Map.of());
        get(admin.incrementalAlterConfigs(Map.of(topic("guarded"), List.of(new AlterConfigOp(
                new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET))),
                new AlterConfigsOptions().validateOnly(true)).all());
        assertThat(describe(topic("guarded")).get("retention.ms").value()).isNotEqualTo("1000");

        assertThatThrownBy(() -> incremental(topic("guarded"), new AlterConfigOp(
                new ConfigEntry("retention.ms", "whenever"), AlterConfigOp.OpType.SET)))
                .cause().isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("retention.ms");
        assertThatThrownBy(() -> incremental(topic("guarded"), new AlterConfigOp(
                new ConfigEntry("not.a.topic.config", "1"), AlterConfigOp.OpType.SET)))
                .cause().isInstanceOfAny(InvalidConfigurationException.class,
                        InvalidRequestException.class)
                .hasMessageContaining("not.a.topic.config");
        assertThatThrownBy(() -> incremental(topic("no-such-topic"), new AlterConfigOp(
                new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET)))
                .cause().isInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void brokerConfigsShowStaticValuesAndDefaults(RunningBroker running) {
        Config config = describe(broker());
        ConfigEntry logDirs = config.get("log.dirs");
        assertThat(logDirs.value()).isEqualTo(running.dataDir().toString());
        assertThat(logDirs.source()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG);
        assertThat(logDirs.isReadOnly()).isTrue();
        assertThat(config.get("log.retention.hours").value()).isEqualTo("48");
        assertThat(config.get("num.partitions").source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
        assertThat(config.get("log.retention.check.interval.ms").value()).isEqualTo("300000");
    }

    @Test
    void brokerTopicDefaultsCanBeAlteredAndApplyToTopicsWithoutOverrides() {
        createTopic(admin, "inherits", 1, Map.of());
        incremental(broker(), new AlterConfigOp(new ConfigEntry("log.retention.ms", "7200000"),
                AlterConfigOp.OpType.SET));
        try {
            assertThat(describe(broker()).get("log.retention.ms").value()).isEqualTo("7200000");
            assertThat(describe(topic("inherits")).get("retention.ms").value())
                    .isEqualTo("7200000");
        } finally {
            incremental(broker(), new AlterConfigOp(new ConfigEntry("log.retention.ms", ""),
                    AlterConfigOp.OpType.DELETE));
        }
        assertThat(describe(topic("inherits")).get("retention.ms").value())
                .isEqualTo(String.valueOf(48L * 3_600_000));
    }

    @Test
    void staticBrokerKeysCannotBeAltered() {
        assertThatThrownBy(() -> incremental(broker(), new AlterConfigOp(
                new ConfigEntry("log.dirs", "/elsewhere"), AlterConfigOp.OpType.SET)))
                .cause().isInstanceOf(ApiException.class)
                .hasMessageContaining("log.dirs");
        Collection<ConfigEntry> entries = describe(broker()).entries();
        assertThat(entries).extracting(ConfigEntry::name).contains("log.dirs", "listeners");
    }
}
