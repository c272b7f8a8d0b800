package io.tideway.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.broker.ConfigEntryView;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.junit.jupiter.api.Test;

class StaticBrokerConfigTest {

    private static Map<String, ConfigEntryView> entries(Map<String, String> config) {
        List<ConfigEntryView> entries = StaticBrokerConfig.entries(BrokerConfig.fromMap(config));
        assertThat(entries).extracting(ConfigEntryView::name).isSorted();
        return entries.stream().collect(Collectors.toMap(ConfigEntryView::name,
                Function.identity()));
    }

    @Test
    void everyKeyIsReportedWithItsSource() {
        Map<String, ConfigEntryView> entries = entries(Map.of("log.dirs", "/data/a,/data/b",
                "num.partitions", "3"));
        assertThat(entries.keySet()).isEqualTo(BrokerConfigDef.names());

        ConfigEntryView dirs = entries.get("log.dirs");
        assertThat(dirs.value()).isEqualTo("/data/a,/data/b");
        assertThat(dirs.source()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG);
        assertThat(dirs.readOnly()).isTrue();
        assertThat(dirs.type()).isEqualTo(ConfigDef.Type.LIST);
        assertThat(dirs.documentation()).contains("data directories");

        assertThat(entries.get("num.partitions").value()).isEqualTo("3");
        assertThat(entries.get("num.partitions").source())
                .isEqualTo(ConfigSource.STATIC_BROKER_CONFIG);

        ConfigEntryView retention = entries.get("log.retention.hours");
        assertThat(retention.value()).isEqualTo("168");
        assertThat(retention.source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
        assertThat(retention.readOnly()).isTrue(); // only the ms key maps to retention.ms

        ConfigEntryView unset = entries.get("log.retention.ms");
        assertThat(unset.value()).isNull();
        assertThat(unset.source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
        assertThat(unset.readOnly()).isFalse(); // a dynamic cluster-wide topic default
        assertThat(unset.sensitive()).isFalse();
    }

    @Test
    void topicDefaultKeysAreTheWritableOnes() {
        Map<String, ConfigEntryView> entries = entries(Map.of("log.dirs", "/data"));
        assertThat(entries.values().stream().filter(e -> !e.readOnly())
                .map(ConfigEntryView::name))
                .containsExactlyInAnyOrderElementsOf(TopicDefaults.BROKER_TO_TOPIC_KEY.keySet());
    }
}
