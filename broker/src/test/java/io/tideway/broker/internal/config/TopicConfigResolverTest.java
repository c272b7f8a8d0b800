package io.tideway.broker.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.broker.ConfigEntryView;
import io.tideway.broker.log.LogConfig;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.junit.jupiter.api.Test;

class TopicConfigResolverTest {

  private static ConfigEntryView entry(String name, String value, ConfigSource source) {
    return new ConfigEntryView(name, value, source, true, false, ConfigDef.Type.STRING, "");
  }

  private final TopicConfigResolver resolver = new TopicConfigResolver(
      LogConfig.from(Map.of("segment.bytes", 4096, "retention.ms", 60_000L)),
      List.of(entry("log.segment.bytes", "4096", ConfigSource.STATIC_BROKER_CONFIG),
          entry("log.retention.ms", null, ConfigSource.DEFAULT_CONFIG),
          entry("log.retention.hours", "168", ConfigSource.DEFAULT_CONFIG),
          entry("log.cleanup.policy", "compact", ConfigSource.STATIC_BROKER_CONFIG)));

  private Map<String, ConfigEntryView> describe(Map<String, String> overrides) {
    return resolver.describe(overrides).stream()
        .collect(Collectors.toMap(ConfigEntryView::name, Function.identity()));
  }

  @Test
  void reportsEveryKeyWithItsSourceAndEffectiveValue() {
    Map<String, ConfigEntryView> entries = describe(Map.of("retention.bytes", "1000"));
    assertThat(entries.keySet()).containsExactlyInAnyOrderElementsOf(TopicConfigKeys.names());
    assertThat(resolver.describe(Map.of())).extracting(ConfigEntryView::name).isSorted();
    assertThat(entries.get("retention.bytes").source()).isEqualTo(ConfigSource.TOPIC_CONFIG);
    assertThat(entries.get("retention.bytes").value()).isEqualTo("1000");
    assertThat(entries.get("segment.bytes").source())
        .isEqualTo(ConfigSource.STATIC_BROKER_CONFIG);
    assertThat(entries.get("segment.bytes").value()).isEqualTo("4096");
    assertThat(entries.get("retention.ms").source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
    assertThat(entries.get("retention.ms").value()).isEqualTo("60000");
    assertThat(entries.get("cleanup.policy").source())
        .isEqualTo(ConfigSource.STATIC_BROKER_CONFIG);
    assertThat(entries.get("cleanup.policy").value()).isEqualTo("compact");
    assertThat(entries.get("min.insync.replicas").value()).isEqualTo("1");
    assertThat(entries.get("min.insync.replicas").source())
        .isEqualTo(ConfigSource.DEFAULT_CONFIG);
    assertThat(entries.values()).allMatch(entry -> !entry.readOnly() && !entry.sensitive());
  }

  @Test
  void dynamicBrokerDefaultsApplyUnderTopicOverrides() {
    resolver.setDynamicBrokerConfigs(Map.of("log.retention.ms", "5000",
        "log.segment.bytes", "8192"));
    assertThat(resolver.logConfig(Map.of()).retentionMs()).isEqualTo(5000);
    assertThat(resolver.logConfig(Map.of("retention.ms", "7")).retentionMs()).isEqualTo(7);
    assertThat(resolver.logConfig(Map.of("cleanup.policy", "compact")).segmentBytes())
        .isEqualTo(8192);
    Map<String, ConfigEntryView> entries = describe(Map.of());
    assertThat(entries.get("retention.ms").source())
        .isEqualTo(ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
    assertThat(entries.get("retention.ms").value()).isEqualTo("5000");
    resolver.setDynamicBrokerConfigs(Map.of());
    assertThat(resolver.logConfig(Map.of()).retentionMs()).isEqualTo(60_000);
  }

  @Test
  void retentionDeletesFollowsTheEffectiveCleanupPolicy() {
    assertThat(resolver.retentionDeletes(Map.of())).isFalse(); // the node's log.cleanup.policy
    assertThat(resolver.retentionDeletes(Map.of("cleanup.policy", "delete"))).isTrue();
  }
}
