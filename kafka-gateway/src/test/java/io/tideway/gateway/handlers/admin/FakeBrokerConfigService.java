package io.tideway.gateway.handlers.admin;

import io.tideway.broker.BrokerConfigService;
import io.tideway.broker.ConfigEntryView;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;

/**
 * Broker configuration with two static read-only keys (one sensitive) and three dynamic
 * cluster-wide defaults, validated like the engine: unknown keys are {@code
 * InvalidRequestException}, static keys and bad values {@code InvalidConfigurationException}.
 * Thread-safe.
 */
final class FakeBrokerConfigService implements BrokerConfigService {

    static final ConfigDef DYNAMIC = new ConfigDef()
            .define("log.retention.ms", ConfigDef.Type.LONG, 604_800_000L,
                    ConfigDef.Range.atLeast(-1), ConfigDef.Importance.HIGH, "Retention.")
            .define("log.cleanup.policy", ConfigDef.Type.LIST, "delete",
                    ConfigDef.Importance.MEDIUM, "Cleanup policy.")
            .define("message.max.bytes", ConfigDef.Type.INT, 1_048_588, ConfigDef.Range.atLeast(0),
                    ConfigDef.Importance.HIGH, "Largest batch.");

    static final List<ConfigEntryView> STATIC = List.of(
            new ConfigEntryView("node.id", "1", ConfigSource.STATIC_BROKER_CONFIG, true, false,
                    ConfigDef.Type.INT, "The node id."),
            new ConfigEntryView("ssl.keystore.password", null, ConfigSource.STATIC_BROKER_CONFIG,
                    true, true, ConfigDef.Type.PASSWORD, "Keystore password."));

    private volatile Map<String, String> overrides = Map.of();
    final List<Map<String, String>> replaced = new CopyOnWriteArrayList<>();

    @Override
    public List<ConfigEntryView> describe() {
        List<ConfigEntryView> entries = new ArrayList<>(STATIC);
        Map<String, String> current = overrides;
        for (ConfigDef.ConfigKey key : DYNAMIC.configKeys().values()) {
            String override = current.get(key.name);
            entries.add(new ConfigEntryView(key.name,
                    override != null ? override
                            : ConfigDef.convertToString(key.defaultValue, key.type),
                    override != null ? ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG
                            : ConfigSource.DEFAULT_CONFIG,
                    false, false, key.type, key.documentation));
        }
        return entries;
    }

    @Override
    public Future<Void> replaceDynamic(Map<String, String> newOverrides, boolean validateOnly) {
        try {
            for (String key : newOverrides.keySet()) {
                if (STATIC.stream().anyMatch(entry -> entry.name().equals(key))) {
                    throw new InvalidConfigurationException(
                            "Cannot update " + key + " at run time: it is read-only");
                }
                if (!DYNAMIC.names().contains(key)) {
                    throw new InvalidRequestException("Unknown broker config: " + key);
                }
            }
            DYNAMIC.parse(newOverrides);
        } catch (ConfigException e) {
            return Future.failedFuture(new InvalidConfigurationException(e.getMessage()));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        if (!validateOnly) {
            overrides = Map.copyOf(newOverrides);
            replaced.add(Map.copyOf(newOverrides));
        }
        return Future.succeededFuture();
    }

    @Override
    public Map<String, String> dynamicOverrides() {
        return overrides;
    }
}
