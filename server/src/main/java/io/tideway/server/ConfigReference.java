package io.tideway.server;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Renders {@link BrokerConfigDef} as a Markdown table: the source of {@code
 * docs/configuration.md} ({@code tideway config-reference > docs/configuration.md}), so the
 * reference cannot drift from the code.
 *
 * <p>Thread-safe: stateless.
 */
public final class ConfigReference {

    private ConfigReference() {
    }

    /** The whole reference, keys sorted by name. */
    public static String markdown() {
        StringBuilder out = new StringBuilder()
                .append("# Tideway broker configuration\n\n")
                .append("Set keys in a properties file (`tideway start --config FILE`) or as")
                .append(" environment variables, which win: `TIDEWAY_` + the key upper-cased with")
                .append(" dots as underscores (`TIDEWAY_LOG_DIRS=/data` sets `log.dirs`).")
                .append(" Unknown keys are logged and ignored; an invalid value stops start-up.\n\n")
                .append("| Key | Type | Default | Valid values | Importance | Description |\n")
                .append("|---|---|---|---|---|---|\n");
        Map<String, ConfigDef.ConfigKey> keys =
                new TreeMap<>(BrokerConfigDef.DEFINITION.configKeys());
        for (ConfigDef.ConfigKey key : keys.values()) {
            out.append("| `").append(key.name).append("` | ")
                    .append(key.type.name().toLowerCase(Locale.ROOT)).append(" | ")
                    .append(defaultOf(key)).append(" | ")
                    .append(key.validator == null ? "" : cell(key.validator.toString())).append(" | ")
                    .append(key.importance.name().toLowerCase(Locale.ROOT)).append(" | ")
                    .append(cell(key.documentation)).append(" |\n");
        }
        return out.toString();
    }

    private static String defaultOf(ConfigDef.ConfigKey key) {
        if (key.defaultValue == null) {
            return "(unset)";
        }
        if (key.defaultValue instanceof List<?> list) {
            return "`" + String.join(",", list.stream().map(Object::toString).toList()) + "`";
        }
        return "`" + key.defaultValue + "`";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
