package io.tideway.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.broker.Broker;
import io.tideway.gateway.ApiRegistry;
import io.tideway.gateway.ApiRegistry.AdvertisedRange;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/compatibility.md} tells the truth: its table lists every API key Apache Kafka 4.4.0
 * advertises (test resource {@code kafka-4.4.0-apiversions.txt}, read off a real broker) with
 * Kafka's range, and Tideway's range exactly as the server's {@link ApiRegistry} advertises it
 * (built by {@link KafkaApis}, as {@link TidewayServer} builds it), or "not supported".
 */
class CompatibilityDocTest {

    static final Path DOC = Path.of("..", "docs", "compatibility.md");
    static final String NOT_SUPPORTED = "not supported";
    private static final Pattern KAFKA_LINE =
            Pattern.compile("^\\s*(\\d+)\\s+(\\w+)\\s+(\\d+)\\.\\.(\\d+)\\s*$");
    private static final Pattern DOC_ROW =
            Pattern.compile("^\\|\\s*(\\d+)\\s*\\|\\s*(\\w+)\\s*\\|\\s*([^|]+?)\\s*\\|\\s*([^|]+?)\\s*\\|.*$");

    private static Vertx vertx;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close().await();
    }

    /**
     * An engine whose services may be looked up (handlers keep references to them) but never
     * used: building the registry must not read or change broker state.
     */
    static <T> T inert(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return switch (method.getName()) {
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> "inert " + type.getSimpleName();
                        };
                    }
                    if (method.getParameterCount() == 0 && method.getReturnType().isInterface()
                            && method.getReturnType().getPackageName().startsWith("io.tideway")) {
                        return inert(method.getReturnType());
                    }
                    throw new UnsupportedOperationException(type.getSimpleName() + "."
                            + method.getName() + " called while building the handlers");
                }));
    }

    /** API key id to {@code "min-max"}, as Apache Kafka 4.4.0 advertises them. */
    static Map<Integer, String> kafkaRanges(Map<Integer, String> names) throws IOException {
        Map<Integer, String> ranges = new TreeMap<>();
        try (InputStream in = CompatibilityDocTest.class
                .getResourceAsStream("/kafka-4.4.0-apiversions.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                Matcher m = KAFKA_LINE.matcher(line);
                if (m.matches()) {
                    ranges.put(Integer.parseInt(m.group(1)), m.group(3) + "-" + m.group(4));
                    names.put(Integer.parseInt(m.group(1)), m.group(2));
                }
            }
        }
        return ranges;
    }

    /** API key id to {@code "min-max"}, as Tideway advertises them. */
    static Map<Integer, String> tidewayRanges(ApiRegistry registry) {
        Map<Integer, String> ranges = new TreeMap<>();
        for (AdvertisedRange range : registry.advertisedRanges()) {
            ranges.put((int) range.apiKey().id, range.minVersion() + "-" + range.maxVersion());
        }
        return ranges;
    }

    @Test
    void tableMatchesKafkaAndTheAdvertisedRanges() throws Exception {
        Map<Integer, String> names = new TreeMap<>();
        Map<Integer, String> kafka = kafkaRanges(names);
        Map<Integer, String> tideway = tidewayRanges(
                KafkaApis.registry(inert(Broker.class), List::of, vertx));
        tideway.keySet().forEach(id -> names.putIfAbsent(id, ApiKeys.forId(id).name));

        Map<Integer, List<String>> expected = new TreeMap<>();
        for (int id : new TreeSet<>(names.keySet())) {
            expected.put(id, List.of(names.get(id), kafka.getOrDefault(id, "-"),
                    tideway.getOrDefault(id, NOT_SUPPORTED)));
        }
        Map<Integer, List<String>> documented = new TreeMap<>();
        for (String line : Files.readAllLines(DOC, StandardCharsets.UTF_8)) {
            Matcher m = DOC_ROW.matcher(line);
            if (m.matches()) {
                documented.put(Integer.parseInt(m.group(1)),
                        List.of(m.group(2), m.group(3), m.group(4)));
            }
        }
        assertThat(documented)
                .as("docs/compatibility.md rows (key | API | Kafka 4.4.0 | Tideway | notes);"
                        + " expected:\n" + render(expected))
                .isEqualTo(expected);
    }

    private static String render(Map<Integer, List<String>> rows) {
        StringBuilder table = new StringBuilder();
        rows.forEach((id, row) -> table.append("| ").append(id).append(" | ").append(row.get(0))
                .append(" | ").append(row.get(1)).append(" | ").append(row.get(2))
                .append(" | |\n"));
        return table.toString();
    }
}
