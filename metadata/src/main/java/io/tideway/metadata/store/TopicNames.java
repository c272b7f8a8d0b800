package io.tideway.metadata.store;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Kafka's rules for topic names and config entries, checked before anything is stored.
 * Stateless and thread-safe.
 */
final class TopicNames {

    /** Kafka's limit (249 characters, so that partition directory names fit in 255). */
    static final int MAX_LENGTH = 249;
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");

    private TopicNames() {
    }

    static void validate(String name) {
        Objects.requireNonNull(name, "topic name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("Topic name must not be empty");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("Topic name cannot be '.' or '..'");
        }
        if (name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("Topic name of " + name.length() + " characters exceeds the limit of " + MAX_LENGTH);
        }
        if (!LEGAL.matcher(name).matches()) {
            throw new IllegalArgumentException("Topic name '" + name
                    + "' is illegal: it may contain only ASCII letters, digits, '.', '_' and '-'");
        }
    }

    static void validateConfigs(String topic, Map<String, String> configs) {
        Objects.requireNonNull(configs, "configs");
        configs.forEach((key, value) -> {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("Topic '" + topic + "' has a config with a blank name");
            }
            if (value == null) {
                throw new IllegalArgumentException("Topic '" + topic + "' config '" + key + "' has a null value");
            }
        });
    }
}
