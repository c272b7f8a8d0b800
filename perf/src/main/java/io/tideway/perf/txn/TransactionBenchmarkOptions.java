package io.tideway.perf.txn;

import java.time.Duration;

/**
 * How to measure transaction throughput: one transactional producer committing, one after the
 * other, transactions of {@code recordsPerTransaction} records of {@code recordSize} bytes to a
 * new topic of {@code partitions} partitions, for a warm-up and then a measured window.
 *
 * <p>Immutable; thread-safe. Invariants: every count and size is positive, the window is
 * positive and the warm-up not negative.
 *
 * @param bootstrapServers Kafka {@code bootstrap.servers}
 * @param recordsPerTransaction records sent in each transaction
 * @param recordSize bytes of each record's value
 * @param partitions partitions of the topic; record {@code i} of a transaction goes to
 *     partition {@code i % partitions}, so each transaction writes a marker to each partition
 * @param warmup time before the measured window (not counted)
 * @param window the measured window
 */
public record TransactionBenchmarkOptions(String bootstrapServers, int recordsPerTransaction,
        int recordSize, int partitions, Duration warmup, Duration window) {

    /** Validates. */
    public TransactionBenchmarkOptions {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers must not be blank");
        }
        if (recordsPerTransaction <= 0) {
            throw new IllegalArgumentException("records per transaction must be > 0, not "
                    + recordsPerTransaction);
        }
        if (recordSize <= 0) {
            throw new IllegalArgumentException("record size must be > 0, not " + recordSize);
        }
        if (partitions <= 0) {
            throw new IllegalArgumentException("partitions must be > 0, not " + partitions);
        }
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("warm-up must be >= 0, not " + warmup);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the measured window must be > 0, not " + window);
        }
    }

    /** The measurement: 10 records of 1 KiB, one partition, 5 s warm-up, 30 s window. */
    public static TransactionBenchmarkOptions defaults(String bootstrapServers) {
        return new TransactionBenchmarkOptions(bootstrapServers, 10, 1024, 1,
                Duration.ofSeconds(5), Duration.ofSeconds(30));
    }
}
