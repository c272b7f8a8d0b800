package io.tideway.server.transactions;

import static io.tideway.server.testing.KafkaClients.createTopic;
import static io.tideway.server.testing.KafkaClients.get;
import static io.tideway.server.transactions.TransactionalClients.partitions;
import static io.tideway.server.transactions.TransactionalClients.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tideway.server.testing.KafkaClients;
import io.tideway.server.testing.RunningBroker;
import io.tideway.server.testing.TidewayBrokerTest;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Kafka Streams 4.3.1 word count with {@code processing.guarantee=exactly_once_v2} ({@code
 * src/test/streams/WordCountApp.java}) in its own JVM with kafka-clients 4.3.1, the jars Maven
 * copies to {@code target/kafka-streams-4.3.1/}. Streams creates its repartition topic and its
 * compacted changelog, reads with read_committed, writes in transactions with the consumer's
 * offsets (TxnOffsetCommit) and purges the repartition topic (DeleteRecords, checked through its
 * log start offset).
 *
 * <p>The application is killed (SIGKILL) once its first counts are visible, most likely in the
 * middle of a transaction, and started again on the same state directory; then more text is fed.
 * The record cache is off, so every word occurrence produces one count: a read_committed reader of
 * the output must see exactly 1, 2, ..., n for a word that occurs n times — no count lost, none
 * repeated by the replay after the crash.
 */
@TidewayBrokerTest(config = {"group.initial.rebalance.delay.ms=0",
        "transaction.abort.timed.out.transaction.cleanup.interval.ms=500"})
class KafkaStreamsEosIT {

    private static final Duration PHASE_WAIT = Duration.ofSeconds(90);
    private static final String[] VOCABULARY = ("The quick brown fox jumps over the lazy dog, "
            + "while Tideway keeps every record exactly once! Streams count words.").split(" ");

    /** Line {@code i}: five words of the vocabulary, with its capitals and punctuation. */
    private static String line(int i) {
        StringBuilder line = new StringBuilder();
        for (int k = 0; k < 5; k++) {
            line.append(VOCABULARY[(i * 7 + k * 3 + i / 5) % VOCABULARY.length]).append(' ');
        }
        return line.toString().trim();
    }

    private static Map<String, Long> wordCounts(int lines) {
        Map<String, Long> counts = new TreeMap<>();
        for (int i = 0; i < lines; i++) {
            for (String word : line(i).toLowerCase(Locale.ROOT).split("\\W+")) {
                if (!word.isEmpty()) {
                    counts.merge(word, 1L, Long::sum);
                }
            }
        }
        return counts;
    }

    @Test
    void wordCountIsExactAcrossACrash(RunningBroker broker, @TempDir Path dir) {
        Path jars = Path.of(System.getProperty("tideway.kafkaStreams.directory",
                "target/kafka-streams-4.3.1"));
        Path source = Path.of(System.getProperty("tideway.streamsApp.source",
                "src/test/streams/WordCountApp.java"));
        assumeTrue(Files.isDirectory(jars) && Files.isRegularFile(source), "Kafka Streams not"
                + " copied to " + jars + " (run through Maven: mvnw verify)");
        String input = unique("wc-lines");
        String output = unique("wc-counts");
        String applicationId = unique("wc");
        List<String> app = List.of("-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-cp", jars + File.separator + "*", source.toString(),
                "--bootstrap-server", broker.bootstrapServers(),
                "--application-id", applicationId, "--input", input, "--output", output,
                "--state-dir", dir.resolve("state").toString(),
                "--config", "consumer.session.timeout.ms=6000",
                "--config", "consumer.heartbeat.interval.ms=1000",
                // Purge what was consumed from the repartition topic (DeleteRecords) every second.
                "--config", "repartition.purge.interval.ms=1000");
        Path log = dir.resolve("word-count.log");
        int firstLines = 1000;
        int allLines = 1500;
        try (Admin admin = KafkaClients.admin(broker);
                KafkaProducer<String, String> producer = KafkaClients.producer(broker);
                CountsReader counts = new CountsReader(broker, output)) {
            createTopic(admin, input, 2, Map.of());
            createTopic(admin, output, 2, Map.of());
            feed(producer, input, 0, firstLines);
            try (ChildJvm first = ChildJvm.start(app, log)) {
                await().atMost(PHASE_WAIT).pollInSameThread().pollInterval(Duration.ZERO)
                        .until(() -> counts.poll(first) > 0);
                first.kill();
            }
            try (ChildJvm second = ChildJvm.start(app, log)) {
                awaitCounts(counts, second, wordCounts(firstLines));
                feed(producer, input, firstLines, allLines);
                awaitCounts(counts, second, wordCounts(allLines));
                List<TopicPartition> repartition = partitions(applicationId
                        + "-words-repartition", 2);
                await().atMost(PHASE_WAIT).untilAsserted(() -> assertThat(repartition)
                        .as("Streams deleted the records it consumed from its repartition topic")
                        .anySatisfy(p -> assertThat(get(admin.listOffsets(Map.of(p,
                                OffsetSpec.earliest())).partitionResult(p)).offset())
                                .isPositive()));
                assertThat(second.stop()).as("a clean close\n%s", second.describe()).isZero();
                assertThat(second.output()).doesNotContain("STATE ERROR")
                        .doesNotContain("UnsupportedVersionException");
            }
            Map<String, Long> expected = wordCounts(allLines);
            assertThat(counts.updates.keySet()).isEqualTo(expected.keySet());
            expected.forEach((word, n) -> assertThat(counts.updates.get(word))
                    .as("the committed counts of '%s', each exactly once", word)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, n)
                            .mapToObj(Long::toString).toList()));
        }
    }

    private static void feed(KafkaProducer<String, String> producer, String topic, int from,
            int to) {
        for (int i = from; i < to; i++) {
            producer.send(new ProducerRecord<>(topic, "line-" + i, line(i)));
        }
        producer.flush();
    }

    private static void awaitCounts(CountsReader counts, ChildJvm app, Map<String, Long> expected) {
        await().atMost(PHASE_WAIT).pollInSameThread().pollInterval(Duration.ZERO)
                .untilAsserted(() -> {
                    counts.poll(app);
                    assertThat(counts.latest()).as(app::describe).isEqualTo(expected);
                });
    }

    /** A read_committed reader of the output topic keeping every update of every word. */
    private static final class CountsReader implements AutoCloseable {
        private final KafkaConsumer<String, String> consumer;
        private final Map<String, List<String>> updates = new TreeMap<>();

        CountsReader(RunningBroker broker, String topic) {
            consumer = TransactionalClients.consumer(broker, IsolationLevel.READ_COMMITTED);
            consumer.assign(partitions(topic, 2));
            consumer.seekToBeginning(consumer.assignment());
        }

        /** Polls once; fails with the application's output when it is no longer running. */
        int poll(ChildJvm app) {
            assertThat(app.isAlive()).as("the word count application\n%s", app.describe())
                    .isTrue();
            var records = consumer.poll(Duration.ofMillis(200));
            records.forEach(record -> updates.computeIfAbsent(record.key(),
                    word -> new ArrayList<>()).add(record.value()));
            return records.count();
        }

        /** The latest count of each word. */
        Map<String, Long> latest() {
            return updates.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                    e -> Long.parseLong(e.getValue().get(e.getValue().size() - 1)),
                    (a, b) -> b, TreeMap::new));
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
