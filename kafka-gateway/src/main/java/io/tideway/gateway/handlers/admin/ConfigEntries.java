package io.tideway.gateway.handlers.admin;

import io.tideway.broker.ConfigEntryView;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicConfigs;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsSynonym;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;

/**
 * Turns the engine's {@link ConfigEntryView}s into the DescribeConfigs and CreateTopics wire
 * entries, with Kafka's rules: a sensitive value is never sent, the type is mapped from the
 * {@link ConfigDef.Type} (UNKNOWN when the engine does not know it), documentation only when asked.
 *
 * <p>Synonyms: the engine reports each key's effective value and the level it comes from, not
 * the whole chain of broker-level synonyms Kafka lists (topic override, dynamic broker default,
 * static broker config, built-in default), so a requested synonym list holds that one level.
 *
 * <p>Thread contract: stateless static helper.
 */
final class ConfigEntries {

    private ConfigEntries() {
    }

    /**
     * One DescribeConfigs entry.
     *
     * @param includeSynonyms whether to list the entry's synonyms (v1+)
     * @param includeDocumentation whether to send the documentation (v3+)
     */
    static DescribeConfigsResourceResult describeEntry(ConfigEntryView view,
            boolean includeSynonyms, boolean includeDocumentation) {
        String value = view.sensitive() ? null : view.value();
        ConfigSource source = view.source() == null ? ConfigSource.UNKNOWN : view.source();
        List<DescribeConfigsSynonym> synonyms = includeSynonyms
                ? List.of(new DescribeConfigsSynonym().setName(view.name()).setValue(value)
                        .setSource(source.id()))
                : List.of();
        return new DescribeConfigsResourceResult()
                .setName(view.name())
                .setValue(value)
                .setReadOnly(view.readOnly())
                .setConfigSource(source.id())
                .setIsSensitive(view.sensitive())
                .setSynonyms(synonyms)
                .setConfigType(configType(view.type()).id())
                .setDocumentation(includeDocumentation ? view.documentation() : null);
    }

    /** One CreateTopics (v5+) entry of the created topic's effective configuration. */
    static CreatableTopicConfigs createdTopicEntry(ConfigEntryView view) {
        ConfigSource source = view.source() == null ? ConfigSource.UNKNOWN : view.source();
        return new CreatableTopicConfigs()
                .setName(view.name())
                .setValue(view.sensitive() ? null : view.value())
                .setReadOnly(view.readOnly())
                .setConfigSource(source.id())
                .setIsSensitive(view.sensitive());
    }

    /** Kafka's mapping of a {@link ConfigDef.Type} to the wire's config type. */
    static ConfigType configType(ConfigDef.Type type) {
        if (type == null) {
            return ConfigType.UNKNOWN;
        }
        return switch (type) {
            case BOOLEAN -> ConfigType.BOOLEAN;
            case STRING -> ConfigType.STRING;
            case INT -> ConfigType.INT;
            case SHORT -> ConfigType.SHORT;
            case LONG -> ConfigType.LONG;
            case DOUBLE -> ConfigType.DOUBLE;
            case LIST -> ConfigType.LIST;
            case CLASS -> ConfigType.CLASS;
            case PASSWORD -> ConfigType.PASSWORD;
        };
    }
}
