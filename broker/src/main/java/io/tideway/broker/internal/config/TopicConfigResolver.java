package io.tideway.broker.internal.config;

import io.tideway.broker.ConfigEntryView;
import io.tideway.broker.log.LogConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;

/**
 * Computes a topic's effective configuration from three layers, most specific first: the topic's
 * own overrides, the dynamic cluster-wide broker defaults (AlterConfigs on the broker), and the
 * node's static topic defaults ({@code BrokerSettings.topicDefaults}, Kafka's defaults where the
 * node sets nothing). DescribeConfigs reports each key with the source of its value:
 * {@code TOPIC_CONFIG} (Kafka's DYNAMIC_TOPIC_CONFIG), {@code DYNAMIC_DEFAULT_BROKER_CONFIG},
 * {@code STATIC_BROKER_CONFIG} (a static synonym was set explicitly) or {@code DEFAULT_CONFIG}.
 *
 * <p>Thread contract: thread-safe. The dynamic broker layer is an immutable map published through
 * a volatile field together with the derived base {@link LogConfig}; readers see one or the other
 * whole.
 */
public final class TopicConfigResolver {

  private final LogConfig staticDefaults;
  private final Map<String, ConfigEntryView> staticEntries;
  private volatile Layer dynamic;

  /**
   * @param staticDefaults the node's topic defaults
   * @param staticConfig the node's static configuration entries (for sources and for keys the log
   *     does not use, e.g. {@code log.cleanup.policy})
   */
  public TopicConfigResolver(LogConfig staticDefaults, List<ConfigEntryView> staticConfig) {
    this.staticDefaults = Objects.requireNonNull(staticDefaults, "staticDefaults");
    Map<String, ConfigEntryView> byName = new HashMap<>();
    staticConfig.forEach(entry -> byName.put(entry.name(), entry));
    this.staticEntries = Map.copyOf(byName);
    this.dynamic = new Layer(Map.of(), staticDefaults);
  }

  /** The node's static configuration entries, by name. */
  public Map<String, ConfigEntryView> staticEntries() {
    return staticEntries;
  }

  /** The dynamic broker defaults (broker keys), as last set. */
  public Map<String, String> dynamicBrokerConfigs() {
    return dynamic.brokerConfigs;
  }

  /**
   * Publishes new dynamic broker defaults (broker keys, already validated).
   *
   * @throws org.apache.kafka.common.config.ConfigException if a value does not parse
   */
  public void setDynamicBrokerConfigs(Map<String, String> brokerConfigs) {
    Map<String, String> topicKeys = new HashMap<>();
    brokerConfigs.forEach((brokerKey, value) -> DynamicBrokerKeys.topicKeyOf(brokerKey)
        .ifPresent(topicKey -> topicKeys.put(topicKey, value)));
    this.dynamic = new Layer(Map.copyOf(brokerConfigs), staticDefaults.with(topicKeys));
  }

  /** The log configuration of a topic with {@code overrides}. */
  public LogConfig logConfig(Map<String, String> overrides) {
    Map<String, String> logKeys = new HashMap<>();
    overrides.forEach((key, value) -> {
      if (LogConfig.CONFIG_DEF.configKeys().containsKey(key)) {
        logKeys.put(key, value);
      }
    });
    LogConfig base = dynamic.baseConfig;
    return logKeys.isEmpty() ? base : base.with(logKeys);
  }

  /** Whether retention may delete segments of a topic with {@code overrides} (cleanup.policy). */
  public boolean retentionDeletes(Map<String, String> overrides) {
    return TopicConfigKeys.retentionDeletes(describeOne(TopicConfig.CLEANUP_POLICY_CONFIG,
        overrides, dynamic).value());
  }

  /** Every topic key of a topic with {@code overrides}, sorted by name (DescribeConfigs). */
  public List<ConfigEntryView> describe(Map<String, String> overrides) {
    Layer layer = dynamic;
    List<ConfigEntryView> entries = new ArrayList<>();
    for (String name : new TreeSet<>(TopicConfigKeys.names())) {
      entries.add(describeOne(name, overrides, layer));
    }
    return entries;
  }

  private ConfigEntryView describeOne(String name, Map<String, String> overrides, Layer layer) {
    ConfigDef.ConfigKey key = TopicConfigKeys.key(name);
    String override = overrides.get(name);
    if (override != null) {
      return entry(key, override, ConfigSource.TOPIC_CONFIG);
    }
    boolean logKey = LogConfig.CONFIG_DEF.configKeys().containsKey(name);
    List<String> synonyms = DynamicBrokerKeys.synonymsOf(name);
    for (String synonym : synonyms) {
      if (layer.brokerConfigs.containsKey(synonym)) {
        String value = logKey ? render(key, LogConfigValues.get(layer.baseConfig, name))
            : layer.brokerConfigs.get(synonym);
        return entry(key, value, ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
      }
    }
    for (String synonym : synonyms) {
      ConfigEntryView configured = staticEntries.get(synonym);
      if (configured != null && configured.source() == ConfigSource.STATIC_BROKER_CONFIG) {
        String value = logKey ? render(key, LogConfigValues.get(staticDefaults, name))
            : configured.value();
        return entry(key, value, ConfigSource.STATIC_BROKER_CONFIG);
      }
    }
    String value = logKey ? render(key, LogConfigValues.get(staticDefaults, name))
        : render(key, key.defaultValue);
    return entry(key, value, ConfigSource.DEFAULT_CONFIG);
  }

  private static ConfigEntryView entry(ConfigDef.ConfigKey key, String value,
      ConfigSource source) {
    return new ConfigEntryView(key.name, value, source, false, false, key.type,
        key.documentation);
  }

  private static String render(ConfigDef.ConfigKey key, Object value) {
    return ConfigDef.convertToString(value, key.type);
  }

  /** The dynamic broker layer and the log configuration it yields without topic overrides. */
  private record Layer(Map<String, String> brokerConfigs, LogConfig baseConfig) {
  }
}
