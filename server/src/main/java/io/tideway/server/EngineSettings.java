package io.tideway.server;

import io.tideway.broker.BrokerSettings;

/**
 * Builds the engine's {@link BrokerSettings} from the broker configuration: identity, data
 * directories, topic defaults ({@link TopicDefaults}), auto-creation, the retention check
 * interval and the static entries DescribeConfigs reports ({@link StaticBrokerConfig}).
 *
 * <p>Thread-safe: stateless.
 */
final class EngineSettings {

    private EngineSettings() {
    }

    /**
     * The engine settings of {@code config}.
     *
     * @throws ConfigurationException when a log default is out of the log layer's range
     */
    static BrokerSettings from(BrokerConfig config) {
        return new BrokerSettings(
                config.nodeId(),
                config.rack().orElse(null),
                config.logDirs(),
                TopicDefaults.from(config),
                config.numPartitions(),
                config.autoCreateTopicsEnable(),
                config.logRetentionCheckInterval(),
                StaticBrokerConfig.entries(config));
    }
}
