package io.tideway.broker.internal.config;

import io.tideway.broker.BrokerConfigService;
import io.tideway.broker.ConfigEntryView;
import io.tideway.metadata.store.BrokerConfigStore;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker configuration service: the node's static entries, overlaid with the dynamic
 * cluster-wide defaults kept in the metadata store ({@link BrokerConfigStore}). Only the keys of
 * {@link DynamicBrokerKeys} may be set; each value is validated with the rules of the topic key it
 * defaults. A successful change is persisted, published to the {@link TopicConfigResolver}, then
 * handed to the {@code onChange} callback, which applies it to every open partition.
 *
 * <p>Thread contract: thread-safe. Changes are serialized (a chain of futures), so the in-memory
 * state follows the order of the metadata commits. Futures complete on a metadata store thread.
 */
public final class DynamicBrokerConfigs implements BrokerConfigService {

  private static final Logger log = LoggerFactory.getLogger(DynamicBrokerConfigs.class);

  private final BrokerConfigStore store;
  private final TopicConfigResolver resolver;
  private final Runnable onChange;
  private CompletableFuture<?> tail = CompletableFuture.completedFuture(null); // guarded by this

  /** @param onChange called after each committed change, on a metadata store thread */
  public DynamicBrokerConfigs(BrokerConfigStore store, TopicConfigResolver resolver,
      Runnable onChange) {
    this.store = store;
    this.resolver = resolver;
    this.onChange = onChange;
  }

  @Override
  public List<ConfigEntryView> describe() {
    Map<String, String> dynamic = resolver.dynamicBrokerConfigs();
    Map<String, ConfigEntryView> entries = new TreeMap<>(resolver.staticEntries());
    for (Map.Entry<String, String> mapping : DynamicBrokerKeys.all().entrySet()) {
      String brokerKey = mapping.getKey();
      ConfigEntryView current = entries.get(brokerKey);
      ConfigDef.ConfigKey topicKey = TopicConfigKeys.key(mapping.getValue());
      String value = dynamic.containsKey(brokerKey) ? dynamic.get(brokerKey)
          : current == null ? null : current.value();
      ConfigSource source = dynamic.containsKey(brokerKey)
          ? ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG
          : current == null ? ConfigSource.DEFAULT_CONFIG : current.source();
      entries.put(brokerKey, new ConfigEntryView(brokerKey, value, source, false, false,
          current == null ? topicKey.type : current.type(),
          current == null ? topicKey.documentation : current.documentation()));
    }
    return List.copyOf(entries.values());
  }

  @Override
  public Future<Void> replaceDynamic(Map<String, String> overrides, boolean validateOnly) {
    Map<String, String> copy;
    try {
      copy = validate(overrides, resolver.staticEntries().keySet());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    if (validateOnly) {
      return Future.succeededFuture();
    }
    CompletableFuture<Void> done;
    synchronized (this) {
      done = tail.handle((ignored, error) -> null)
          .thenCompose(ignored -> store.replaceAll(copy))
          .thenAccept(stored -> {
            resolver.setDynamicBrokerConfigs(stored);
            log.atInfo().setMessage("Dynamic broker configuration changed")
                .addKeyValue("configs", stored).log();
            onChange.run();
          });
      tail = done;
    }
    return Future.fromCompletionStage(done);
  }

  @Override
  public Map<String, String> dynamicOverrides() {
    return resolver.dynamicBrokerConfigs();
  }

  /**
   * Validates dynamic broker overrides.
   *
   * @param staticKeys the keys the node knows (a known key that is not dynamic cannot be changed;
   *     an unknown one is an invalid request)
   * @return a copy of {@code overrides}
   * @throws InvalidConfigurationException for a static key or an invalid value
   * @throws InvalidRequestException for an unknown key
   */
  public static Map<String, String> validate(Map<String, String> overrides,
      Set<String> staticKeys) {
    Objects.requireNonNull(overrides, "overrides");
    Map<String, String> copy = new HashMap<>();
    List<String> names = new ArrayList<>(overrides.keySet());
    for (String name : names) {
      String value = overrides.get(name);
      String topicKey = DynamicBrokerKeys.topicKeyOf(name).orElse(null);
      if (topicKey == null) {
        if (name != null && staticKeys.contains(name)) {
          throw new InvalidConfigurationException("Broker config '" + name
              + "' cannot be changed dynamically; the dynamic broker configs are "
              + new TreeSet<>(DynamicBrokerKeys.all().keySet()));
        }
        throw new InvalidRequestException("Unknown broker config '" + name + "'");
      }
      if (value == null) {
        throw new InvalidConfigurationException("Null value not supported for broker config: "
            + name);
      }
      try {
        TopicConfigKeys.validateOne(topicKey, value);
      } catch (InvalidConfigurationException e) {
        throw new InvalidConfigurationException("Invalid broker config " + name + ": "
            + e.getMessage());
      }
      copy.put(name, value);
    }
    return copy;
  }
}
