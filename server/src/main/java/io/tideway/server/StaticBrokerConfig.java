package io.tideway.server;

import io.tideway.broker.ConfigEntryView;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;

/**
 * The broker's static configuration as DescribeConfigs reports it for a BROKER resource: one
 * entry per {@link BrokerConfigDef} key, sorted by name, with source {@code
 * STATIC_BROKER_CONFIG} when a file, the environment or a map set it and {@code DEFAULT_CONFIG}
 * otherwise. Values are rendered as Kafka renders them ({@link ConfigDef#convertToString}); a key
 * without a default and without a value reports a null value, as Kafka does.
 *
 * <p>Entries of broker keys that are topic defaults ({@link TopicDefaults#BROKER_TO_TOPIC_KEY})
 * are not read-only: the engine accepts them as dynamic cluster-wide defaults. Every other entry
 * is read-only.
 *
 * <p>Thread-safe: stateless.
 */
final class StaticBrokerConfig {

    private StaticBrokerConfig() {
    }

    /** Every key of {@code config}, sorted by name. */
    static List<ConfigEntryView> entries(BrokerConfig config) {
        Map<String, Object> values = config.values();
        Map<String, ConfigDef.ConfigKey> keys =
                new TreeMap<>(BrokerConfigDef.DEFINITION.configKeys());
        return keys.values().stream().map(key -> new ConfigEntryView(
                key.name,
                key.type == ConfigDef.Type.PASSWORD ? null
                        : ConfigDef.convertToString(values.get(key.name), key.type),
                config.isExplicit(key.name) ? ConfigSource.STATIC_BROKER_CONFIG
                        : ConfigSource.DEFAULT_CONFIG,
                !TopicDefaults.BROKER_TO_TOPIC_KEY.containsKey(key.name),
                key.type == ConfigDef.Type.PASSWORD,
                key.type,
                key.documentation)).toList();
    }
}
