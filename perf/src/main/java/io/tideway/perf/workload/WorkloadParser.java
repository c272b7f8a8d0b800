package io.tideway.perf.workload;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a {@link Workload} from a YAML file (a flat mapping) or a Java properties file, with the
 * same keys in both. Missing keys take the defaults below; an unknown key, a value of the wrong
 * type or out of range fails with a {@link WorkloadException} naming the file and the key.
 *
 * <pre>
 * name: 1kb-12p          # default: the file name without extension
 * topics: 1              # default 1
 * partitionsPerTopic: 12 # default 1
 * messageSize: 1024      # default 1024 bytes
 * producerRate: 0        # total records/s; 0 or "unlimited" (default) = as fast as acked
 * producersPerTopic: 1   # default 1
 * consumersPerTopic: 1   # default 1
 * durationSeconds: 60    # default 60
 * warmupSeconds: 10      # default 10
 * acks: all              # default all
 * compression: none      # default none
 * keyDistribution: none  # none | random | round-robin, default none
 * lingerMs: 1            # default 1
 * batchSize: 131072      # default 131072
 * </pre>
 *
 * <p>Stateless; thread-safe.
 */
public final class WorkloadParser {

    private static final Map<String, String> DEFAULTS = defaults();

    private WorkloadParser() {
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("name", "");
        d.put("topics", "1");
        d.put("partitionsPerTopic", "1");
        d.put("messageSize", "1024");
        d.put("producerRate", "0");
        d.put("producersPerTopic", "1");
        d.put("consumersPerTopic", "1");
        d.put("durationSeconds", "60");
        d.put("warmupSeconds", "10");
        d.put("acks", "all");
        d.put("compression", "none");
        d.put("keyDistribution", "none");
        d.put("lingerMs", "1");
        d.put("batchSize", "131072");
        return Map.copyOf(d);
    }

    /** The accepted keys, sorted. */
    public static Set<String> keys() {
        return new TreeSet<>(DEFAULTS.keySet());
    }

    /**
     * Reads a workload file: {@code .yaml}/{@code .yml} as YAML, anything else as properties.
     *
     * @throws WorkloadException when the file cannot be read or parsed, or a value is invalid;
     *     the message starts with the file's path
     */
    public static Workload read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new WorkloadException(file + ": cannot read workload file: " + e.getMessage(), e);
        }
        String fileName = file.getFileName().toString();
        String lower = fileName.toLowerCase(Locale.ROOT);
        boolean yaml = lower.endsWith(".yaml") || lower.endsWith(".yml");
        int dot = fileName.lastIndexOf('.');
        String defaultName = dot > 0 ? fileName.substring(0, dot) : fileName;
        try {
            Map<String, String> values = yaml ? parseYaml(text) : parseProperties(text);
            return fromMap(values, defaultName);
        } catch (WorkloadException e) {
            throw new WorkloadException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Builds a workload from key/value strings (the keys above), e.g. command-line overrides.
     *
     * @param defaultName the name when {@code values} has none
     * @throws WorkloadException naming the first unknown key or invalid value
     */
    public static Workload fromMap(Map<String, String> values, String defaultName) {
        for (String key : values.keySet()) {
            if (!DEFAULTS.containsKey(key)) {
                throw new WorkloadException("unknown key '" + key + "'; accepted keys: " + keys());
            }
        }
        Map<String, String> v = new LinkedHashMap<>(DEFAULTS);
        v.putAll(values);
        String name = v.get("name").isBlank() ? defaultName : v.get("name").trim();
        return new Workload(name,
                integer(v, "topics"),
                integer(v, "partitionsPerTopic"),
                integer(v, "messageSize"),
                rate(v.get("producerRate")),
                integer(v, "producersPerTopic"),
                integer(v, "consumersPerTopic"),
                seconds(v, "durationSeconds"),
                seconds(v, "warmupSeconds"),
                v.get("acks").trim().toLowerCase(Locale.ROOT),
                v.get("compression").trim().toLowerCase(Locale.ROOT),
                KeyDistribution.parse(v.get("keyDistribution")),
                integer(v, "lingerMs"),
                integer(v, "batchSize"));
    }

    /** The keys and values of {@code w}, so overrides can be applied and re-validated. */
    public static Map<String, String> toMap(Workload w) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("name", w.name());
        m.put("topics", Integer.toString(w.topics()));
        m.put("partitionsPerTopic", Integer.toString(w.partitionsPerTopic()));
        m.put("messageSize", Integer.toString(w.messageSize()));
        m.put("producerRate", Double.toString(w.producerRate()));
        m.put("producersPerTopic", Integer.toString(w.producersPerTopic()));
        m.put("consumersPerTopic", Integer.toString(w.consumersPerTopic()));
        m.put("durationSeconds", Double.toString(w.duration().toNanos() / 1e9));
        m.put("warmupSeconds", Double.toString(w.warmup().toNanos() / 1e9));
        m.put("acks", w.acks());
        m.put("compression", w.compression());
        m.put("keyDistribution", w.keyDistribution().configName());
        m.put("lingerMs", Integer.toString(w.lingerMs()));
        m.put("batchSize", Integer.toString(w.batchSize()));
        return m;
    }

    static Map<String, String> parseYaml(String text) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(new StringReader(text));
        } catch (YAMLException e) {
            throw new WorkloadException("not valid YAML: " + e.getMessage(), e);
        }
        if (root == null) {
            return Map.of();
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new WorkloadException("the YAML document must be a mapping of keys to values, "
                    + "not a " + root.getClass().getSimpleName());
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            Object value = e.getValue();
            if (value instanceof Map<?, ?> || value instanceof Iterable<?>) {
                throw new WorkloadException(key + ": expected a single value, not a nested "
                        + (value instanceof Map<?, ?> ? "mapping" : "list"));
            }
            values.put(key, value == null ? "" : String.valueOf(value));
        }
        return values;
    }

    static Map<String, String> parseProperties(String text) {
        Properties properties = new Properties();
        try (Reader reader = new StringReader(text)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new WorkloadException("not a valid properties file: " + e.getMessage(), e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            values.put(key, properties.getProperty(key));
        }
        return values;
    }

    private static int integer(Map<String, String> v, String key) {
        String text = v.get(key).trim();
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new WorkloadException(key + ": '" + text + "' is not a whole number", e);
        }
    }

    private static double rate(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.isEmpty() || t.equals("unlimited") || t.equals("max")) {
            return 0;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new WorkloadException("producerRate: '" + text
                    + "' is not a number of records per second or 'unlimited'", e);
        }
    }

    private static Duration seconds(Map<String, String> v, String key) {
        String text = v.get(key).trim();
        try {
            double seconds = Double.parseDouble(text);
            if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
                throw new NumberFormatException(text);
            }
            return Duration.ofNanos(Math.round(seconds * 1e9));
        } catch (NumberFormatException e) {
            throw new WorkloadException(key + ": '" + text + "' is not a number of seconds", e);
        }
    }
}
