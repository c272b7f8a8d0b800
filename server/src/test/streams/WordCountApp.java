import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The classic Kafka Streams word count with exactly-once processing ({@code exactly_once_v2}),
 * for KafkaStreamsEosIT. Runs in its own JVM with Kafka Streams and kafka-clients of the same
 * version on the class path, started through Java's single-file source launcher:
 *
 * <pre>
 * java -cp 'target/kafka-streams-4.3.1/*' src/test/streams/WordCountApp.java \
 *     --bootstrap-server 127.0.0.1:9092 --application-id wc --input lines --output counts \
 *     --state-dir /tmp/wc-state [--config key=value]...
 * </pre>
 *
 * <p>Topology: lines (key ignored) are split into lower-case words, re-keyed by word through a
 * repartition topic ({@code <application-id>-words-repartition}), counted in the state store
 * {@code counts} (changelog {@code <application-id>-counts-changelog}, compacted) and every new
 * count is written to the output topic as the decimal text of the count, keyed by the word. The
 * record cache is off, so each input word produces exactly one output update: under
 * exactly-once, a read_committed reader sees 1, 2, ..., n for a word seen n times.
 *
 * <p>Prints {@code STATE <new state>} on each state change. Stops when its standard input ends
 * (the way a test asks it to stop) or on SIGTERM, closing Kafka Streams cleanly; exits with 0
 * after a clean close, 1 when Kafka Streams reached ERROR or did not close within 30 s, 2 for bad
 * usage.
 */
public final class WordCountApp {

    private static final String USAGE = """
            Usage: WordCountApp --bootstrap-server HOST:PORT --application-id ID --input TOPIC
                                --output TOPIC --state-dir DIR [--config KEY=VALUE]...
            Counts the words of the input topic's lines with processing.guarantee=exactly_once_v2
            and writes each new count to the output topic (key: word, value: count as text).
            --config sets any Kafka Streams (or prefixed client) setting; repeatable.
            """;

    private WordCountApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> options = new LinkedHashMap<>();
        Properties config = new Properties();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                System.out.print(USAGE);
                return;
            }
            if (!name.startsWith("--") || i + 1 >= args.length) {
                usageError("expected --option value at '" + name + "'");
            }
            String value = args[++i];
            if (name.equals("--config")) {
                int equals = value.indexOf('=');
                if (equals <= 0) {
                    usageError("--config expects KEY=VALUE, got '" + value + "'");
                }
                config.put(value.substring(0, equals), value.substring(equals + 1));
            } else {
                options.put(name.substring(2), value);
            }
        }
        for (String required : new String[] {"bootstrap-server", "application-id", "input",
                "output", "state-dir"}) {
            if (!options.containsKey(required)) {
                usageError("missing --" + required);
            }
        }
        Properties properties = defaults(options);
        properties.putAll(config);
        run(new KafkaStreams(topology(options.get("input"), options.get("output")), properties));
    }

    private static Properties defaults(Map<String, String> options) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, options.get("application-id"));
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, options.get("bootstrap-server"));
        p.put(StreamsConfig.STATE_DIR_CONFIG, options.get("state-dir"));
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        // One output update per input word (no caching), committed often so tests are quick.
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        return p;
    }

    private static org.apache.kafka.streams.Topology topology(String input, String output) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.String(), Serdes.String()))
                .flatMapValues(line -> Arrays.asList(line.toLowerCase(Locale.ROOT).split("\\W+")))
                .filter((key, word) -> !word.isEmpty())
                .groupBy((key, word) -> word, Grouped.with("words", Serdes.String(),
                        Serdes.String()))
                .count(Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as("counts"))
                .toStream()
                .mapValues(count -> Long.toString(count))
                .to(output, Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private static void run(KafkaStreams streams) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean failed = new AtomicBoolean();
        streams.setStateListener((next, previous) -> {
            System.out.println("STATE " + next);
            if (next == KafkaStreams.State.ERROR) {
                failed.set(true);
            }
            if (next == KafkaStreams.State.ERROR || next == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(error -> {
            System.err.println("Stream thread failed: " + error);
            error.printStackTrace();
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> streams.close(CLOSE_TIMEOUT),
                "word-count-shutdown"));
        Thread stdin = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // Input is ignored: its end is the signal to stop.
                }
            } catch (java.io.IOException e) {
                // A broken pipe ends the input too.
            }
            if (!streams.close(CLOSE_TIMEOUT)) {
                failed.set(true);
            }
            stopped.countDown();
        }, "word-count-stdin");
        stdin.setDaemon(true);
        streams.start();
        stdin.start();
        stopped.await();
        // ERROR leaves threads behind; exit explicitly so the test sees the status at once.
        System.exit(failed.get() ? 1 : 0);
    }

    private static void usageError(String message) {
        System.err.println("WordCountApp: " + message);
        System.err.print(USAGE);
        System.exit(2);
    }
}
