package io.tideway.perf.txn;

import io.tideway.perf.compare.BrokerLauncher;
import io.tideway.perf.compare.BrokerProcess;
import io.tideway.perf.metrics.LatencySummary;
import io.tideway.perf.run.RunFailedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures committed transactions per second of one transactional producer (kafka-clients
 * 4.4.0) against any Kafka-compatible broker: a new topic, {@code initTransactions}, then
 * begin, send the records, commit, as fast as the broker allows, one transaction at a time. A
 * measurement, never an assertion: nothing here compares against a target.
 *
 * <p>Thread contract: {@link #run} blocks the calling thread for the warm-up and the window; the
 * producer is used from that thread only.
 */
public final class TransactionBenchmark {

    private static final Logger log = LoggerFactory.getLogger(TransactionBenchmark.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final TransactionBenchmarkOptions options;

    /** A benchmark with {@code options}. */
    public TransactionBenchmark(TransactionBenchmarkOptions options) {
        this.options = options;
    }

    /**
     * Starts a broker with {@code launcher} in {@code workDir} (created; its {@code data} is
     * deleted afterwards, its log kept), measures against it and stops it.
     *
     * @param optionsFor the options for the broker's bootstrap servers
     */
    public static TransactionBenchmarkResult againstNewBroker(BrokerLauncher launcher,
            Path workDir, Function<String, TransactionBenchmarkOptions> optionsFor) {
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + workDir, e);
        }
        BrokerProcess broker = launcher.start(workDir);
        try {
            return new TransactionBenchmark(optionsFor.apply(broker.bootstrapServers())).run();
        } finally {
            broker.stop();
            deleteRecursively(workDir.resolve("data"));
        }
    }

    /**
     * Runs the warm-up and the measured window.
     *
     * @throws RunFailedException when the topic cannot be created or a transaction fails
     */
    public TransactionBenchmarkResult run() {
        String topic = "txn-bench-" + UUID.randomUUID().toString().substring(0, 8);
        createTopic(topic);
        byte[] value = new byte[options.recordSize()];
        ThreadLocalRandom.current().nextBytes(value);
        Histogram latency = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
        try (KafkaProducer<byte[], byte[]> producer = producer(topic)) {
            producer.initTransactions();
            long start = System.nanoTime();
            long windowStart = start + options.warmup().toNanos();
            long windowEnd = windowStart + options.window().toNanos();
            long committed = 0;
            long firstCounted = -1;
            long now = start;
            while (now < windowEnd) {
                long begun = now;
                producer.beginTransaction();
                for (int i = 0; i < options.recordsPerTransaction(); i++) {
                    producer.send(new ProducerRecord<>(topic, i % options.partitions(), null,
                            value));
                }
                producer.commitTransaction();
                now = System.nanoTime();
                if (begun >= windowStart) {
                    firstCounted = committed++ == 0 ? begun : firstCounted;
                    latency.recordValue(Math.min(now - begun, latency.getHighestTrackableValue()));
                }
            }
            // From the first counted transaction's start: one begun in the warm-up is not counted,
            // and neither is its time.
            double seconds = committed == 0 ? options.window().toNanos() / 1e9
                    : (now - firstCounted) / 1e9;
            log.atInfo().setMessage("Transaction benchmark finished").addKeyValue("topic", topic)
                    .addKeyValue("committed", committed).log();
            return new TransactionBenchmarkResult(options, committed, seconds,
                    LatencySummary.ofNanos(latency));
        } catch (KafkaException e) {
            throw new RunFailedException("a transaction failed: " + e, e);
        }
    }

    private KafkaProducer<byte[], byte[]> producer(String topic) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic + "-producer",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private void createTopic(String topic) {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, options.partitions(), (short) 1)))
                    .all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new RunFailedException("cannot create topic " + topic + " on "
                    + options.bootstrapServers() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunFailedException("interrupted creating topic " + topic, e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            log.atWarn().setMessage("Cannot delete broker data").addKeyValue("dir", dir)
                    .setCause(e).log();
        }
    }
}
