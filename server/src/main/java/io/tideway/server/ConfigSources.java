package io.tideway.server;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Raw configuration values and where each came from: a properties file, then {@code TIDEWAY_*}
 * environment variables overriding it ({@code TIDEWAY_LOG_DIRS} sets {@code log.dirs}: strip the
 * prefix, lower-case, underscores to dots).
 *
 * <p>Thread contract: build on one thread; the result is then effectively immutable.
 */
public final class ConfigSources {

    /** Environment prefix of configuration overrides. */
    public static final String ENV_PREFIX = "TIDEWAY_";

    /** Variables with the prefix that belong to the launcher, not to the broker configuration. */
    public static final Set<String> LAUNCHER_VARIABLES = Set.of("TIDEWAY_JAVA_OPTS", "TIDEWAY_HEAP",
            "TIDEWAY_HOME");

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> origins = new LinkedHashMap<>();

    /** Adds {@code key=value}, replacing an earlier value; {@code origin} is for messages. */
    public ConfigSources put(String key, String value, String origin) {
        values.put(key, value);
        origins.put(key, origin);
        return this;
    }

    /**
     * Adds every entry of a properties file (UTF-8).
     *
     * @throws ConfigurationException when the file is missing or unreadable
     */
    public ConfigSources addFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("Configuration file " + file + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigurationException("Cannot read configuration file " + file + ": "
                    + e.getMessage());
        }
        String origin = "file " + file;
        new TreeMap<>(properties).forEach((k, v) -> put(k.toString(), v.toString(), origin));
        return this;
    }

    /** Adds every {@code TIDEWAY_*} variable except the launcher's own, overriding the file. */
    public ConfigSources addEnvironment(Map<String, String> environment) {
        new TreeMap<>(environment).forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && !LAUNCHER_VARIABLES.contains(name)
                    && name.length() > ENV_PREFIX.length()) {
                put(keyForVariable(name), value, "environment variable " + name);
            }
        });
        return this;
    }

    /** {@code TIDEWAY_LOG_RETENTION_MS} becomes {@code log.retention.ms}. */
    public static String keyForVariable(String name) {
        return name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** {@code log.retention.ms} becomes {@code TIDEWAY_LOG_RETENTION_MS}. */
    public static String variableForKey(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** The values, in insertion order. */
    public Map<String, String> values() {
        return Collections.unmodifiableMap(values);
    }

    /** Where {@code key} was set, for example {@code file /etc/tideway.properties}. */
    public String originOf(String key) {
        return origins.getOrDefault(key, "default");
    }
}
