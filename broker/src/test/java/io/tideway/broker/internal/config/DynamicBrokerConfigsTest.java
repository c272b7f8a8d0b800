package io.tideway.broker.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.broker.ConfigEntryView;
import io.tideway.broker.log.LogConfig;
import io.tideway.metadata.KeyLayout;
import io.tideway.metadata.MetadataConfig;
import io.tideway.metadata.MetadataStore;
import io.tideway.metadata.MetadataStores;
import io.tideway.metadata.store.BrokerConfigStore;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DynamicBrokerConfigsTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  Path dir;

  private MetadataStore store;
  private BrokerConfigStore configStore;
  private TopicConfigResolver resolver;
  private DynamicBrokerConfigs configs;
  private final AtomicInteger changes = new AtomicInteger();

  @BeforeEach
  void open() {
    store = MetadataStores.open(MetadataConfig.embedded(dir));
    configStore = new BrokerConfigStore(store, new KeyLayout("test"));
    resolver = new TopicConfigResolver(LogConfig.defaults(), List.of(
        new ConfigEntryView("log.retention.ms", null, ConfigSource.DEFAULT_CONFIG, false, false,
            ConfigDef.Type.LONG, "doc"),
        new ConfigEntryView("num.partitions", "3", ConfigSource.STATIC_BROKER_CONFIG, true, false,
            ConfigDef.Type.INT, "doc")));
    configs = new DynamicBrokerConfigs(configStore, resolver, changes::incrementAndGet);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(WAIT.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private static void assertFails(Future<?> future, Class<? extends Throwable> type,
      String message) {
    assertThat(future.toCompletionStage().toCompletableFuture()).failsWithin(WAIT)
        .withThrowableThat().havingCause().isInstanceOf(type).withMessageContaining(message);
  }

  @Test
  void persistsPublishesAndReportsDynamicDefaults() throws Exception {
    await(configs.replaceDynamic(Map.of("log.retention.ms", "1000", "log.flush.policy",
        "group-commit"), false));
    assertThat(changes).hasValue(1);
    assertThat(configs.dynamicOverrides()).containsOnly(Map.entry("log.retention.ms", "1000"),
        Map.entry("log.flush.policy", "group-commit"));
    assertThat(resolver.logConfig(Map.of()).retentionMs()).isEqualTo(1000);
    assertThat(configStore.getAll().get()).containsEntry("log.retention.ms", "1000");
    ConfigEntryView retention = configs.describe().stream()
        .filter(entry -> entry.name().equals("log.retention.ms")).findFirst().orElseThrow();
    assertThat(retention.value()).isEqualTo("1000");
    assertThat(retention.source()).isEqualTo(ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
    assertThat(retention.readOnly()).isFalse();
    assertThat(configs.describe()).extracting(ConfigEntryView::name).isSorted()
        .contains("num.partitions", "log.segment.bytes");
    await(configs.replaceDynamic(Map.of(), false));
    assertThat(configs.dynamicOverrides()).isEmpty();
    assertThat(configStore.getAll().get()).isEmpty();
  }

  @Test
  void validateOnlyChangesNothing() throws Exception {
    await(configs.replaceDynamic(Map.of("log.segment.bytes", "1048576"), true));
    assertThat(changes).hasValue(0);
    assertThat(configStore.getAll().get()).isEmpty();
  }

  @Test
  void refusesStaticUnknownAndInvalidKeysNamingThem() {
    assertFails(configs.replaceDynamic(Map.of("num.partitions", "5"), false),
        InvalidConfigurationException.class,
        "Broker config 'num.partitions' cannot be changed dynamically");
    assertFails(configs.replaceDynamic(Map.of("no.such.key", "5"), false),
        InvalidRequestException.class, "Unknown broker config 'no.such.key'");
    assertFails(configs.replaceDynamic(Map.of("log.retention.ms", "-7"), false),
        InvalidConfigurationException.class, "log.retention.ms");
    assertThat(changes).hasValue(0);
  }
}
