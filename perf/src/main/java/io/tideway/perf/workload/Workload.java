package io.tideway.perf.workload;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * One OpenMessaging-Benchmark-style workload: how many topics and partitions, how big the
 * records are, how fast and with which producer settings they are sent, how many consumers read
 * them and for how long it is measured.
 *
 * <p>Immutable and validated on construction: every count is positive, the message is large
 * enough to carry the 8-byte send timestamp, durations are positive (warm-up may be zero).
 * Thread-safe.
 *
 * @param name label in reports and topic names (letters, digits, {@code . _ -})
 * @param topics number of topics
 * @param partitionsPerTopic partitions of each topic
 * @param messageSize value size in bytes (at least {@value #MIN_MESSAGE_SIZE})
 * @param producerRate total records per second over all producers; 0 means unlimited
 * @param producersPerTopic producer threads per topic (each with its own client)
 * @param consumersPerTopic consumer threads per topic; 0 measures produce only
 * @param duration measured time
 * @param warmup time before the measurement starts, not counted
 * @param acks producer {@code acks}: {@code 0}, {@code 1} or {@code all}
 * @param compression producer {@code compression.type}
 * @param keyDistribution how keys (and so partitions) are chosen
 * @param lingerMs producer {@code linger.ms}
 * @param batchSize producer {@code batch.size} in bytes
 */
public record Workload(String name, int topics, int partitionsPerTopic, int messageSize,
        double producerRate, int producersPerTopic, int consumersPerTopic, Duration duration,
        Duration warmup, String acks, String compression, KeyDistribution keyDistribution,
        int lingerMs, int batchSize) {

    /** Bytes of the send timestamp every value starts with (end-to-end latency). */
    public static final int MIN_MESSAGE_SIZE = 8;

    private static final Set<String> ACKS = Set.of("0", "1", "all", "-1");
    private static final List<String> COMPRESSION = List.of("none", "gzip", "snappy", "lz4",
            "zstd");

    /** Validates every component; see the type's invariants. */
    public Workload {
        if (name == null || !name.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new WorkloadException("name: '" + name
                    + "' must be 1-100 letters, digits, '.', '_' or '-' (it is part of topic names)");
        }
        positive("topics", topics);
        positive("partitionsPerTopic", partitionsPerTopic);
        positive("producersPerTopic", producersPerTopic);
        if (consumersPerTopic < 0) {
            throw new WorkloadException("consumersPerTopic: " + consumersPerTopic
                    + " must be 0 or more");
        }
        if (messageSize < MIN_MESSAGE_SIZE || messageSize > 64 * 1024 * 1024) {
            throw new WorkloadException("messageSize: " + messageSize + " must be between "
                    + MIN_MESSAGE_SIZE + " (the send timestamp) and 67108864 bytes");
        }
        if (!(producerRate >= 0) || Double.isInfinite(producerRate)) {
            throw new WorkloadException("producerRate: " + producerRate
                    + " must be a finite number >= 0 (0 = unlimited)");
        }
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new WorkloadException("durationSeconds: " + duration + " must be > 0");
        }
        if (warmup == null || warmup.isNegative()) {
            throw new WorkloadException("warmupSeconds: " + warmup + " must be >= 0");
        }
        if (acks == null || !ACKS.contains(acks)) {
            throw new WorkloadException("acks: '" + acks + "' must be 0, 1 or all");
        }
        if (compression == null || !COMPRESSION.contains(compression)) {
            throw new WorkloadException("compression: '" + compression + "' must be one of "
                    + COMPRESSION);
        }
        if (keyDistribution == null) {
            throw new WorkloadException("keyDistribution: missing");
        }
        if (lingerMs < 0) {
            throw new WorkloadException("lingerMs: " + lingerMs + " must be >= 0");
        }
        positive("batchSize", batchSize);
    }

    private static void positive(String key, int value) {
        if (value <= 0) {
            throw new WorkloadException(key + ": " + value + " must be > 0");
        }
    }

    /** Whether producers send as fast as the client accepts. */
    public boolean unlimitedRate() {
        return producerRate == 0;
    }

    /** Total producer threads. */
    public int producerCount() {
        return topics * producersPerTopic;
    }

    /** Total consumer threads. */
    public int consumerCount() {
        return topics * consumersPerTopic;
    }

    /** Records per second of one producer thread (0 when unlimited). */
    public double ratePerProducer() {
        return producerRate / producerCount();
    }

    /** This workload at another total rate (0 = unlimited), e.g. half a measured maximum. */
    public Workload withProducerRate(double rate) {
        return new Workload(name, topics, partitionsPerTopic, messageSize, rate,
                producersPerTopic, consumersPerTopic, duration, warmup, acks, compression,
                keyDistribution, lingerMs, batchSize);
    }

    /** This workload with other partition counts, e.g. for a compare matrix. */
    public Workload withPartitionsPerTopic(int partitions) {
        return new Workload(name, topics, partitions, messageSize, producerRate,
                producersPerTopic, consumersPerTopic, duration, warmup, acks, compression,
                keyDistribution, lingerMs, batchSize);
    }

    /** This workload under another name (e.g. with the partition count appended). */
    public Workload withName(String newName) {
        return new Workload(newName, topics, partitionsPerTopic, messageSize, producerRate,
                producersPerTopic, consumersPerTopic, duration, warmup, acks, compression,
                keyDistribution, lingerMs, batchSize);
    }

    /** This workload with other durations (measured and warm-up). */
    public Workload withDurations(Duration measured, Duration warm) {
        return new Workload(name, topics, partitionsPerTopic, messageSize, producerRate,
                producersPerTopic, consumersPerTopic, measured, warm, acks, compression,
                keyDistribution, lingerMs, batchSize);
    }
}
