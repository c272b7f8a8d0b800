package io.tideway.perf.txn;

import io.tideway.perf.metrics.LatencySummary;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * What one transaction-throughput measurement found, over its measured window only.
 *
 * <p>Immutable; thread-safe. Invariant: {@code committed >= 0}, {@code windowSeconds > 0}.
 *
 * @param options how it was measured
 * @param committed transactions whose commit returned inside the window
 * @param windowSeconds the window's actual length
 * @param commitLatency from {@code beginTransaction} to {@code commitTransaction} returning
 *     (sends and commit), per transaction in the window
 */
public record TransactionBenchmarkResult(TransactionBenchmarkOptions options, long committed,
        double windowSeconds, LatencySummary commitLatency) {

    /** Validates. */
    public TransactionBenchmarkResult {
        if (committed < 0 || !(windowSeconds > 0)) {
            throw new IllegalArgumentException("committed " + committed + " in "
                    + windowSeconds + " s");
        }
    }

    /** Committed transactions per second. */
    public double transactionsPerSecond() {
        return committed / windowSeconds;
    }

    /** Committed records per second. */
    public double recordsPerSecond() {
        return transactionsPerSecond() * options.recordsPerTransaction();
    }

    /** Committed value bytes per second, in MB (10^6 B). */
    public double megabytesPerSecond() {
        return recordsPerSecond() * options.recordSize() / 1e6;
    }

    /** A few lines for the terminal. */
    public String toText() {
        return String.format(Locale.ROOT, """
                transactions: %d records of %d B each, %d partition(s), one producer
                committed:    %d transactions in %.1f s = %.1f transactions/s (%.0f records/s, %.2f MB/s)
                per transaction (begin to commit returned), µs: p50 %d, p99 %d, p99.9 %d, max %d
                """, options.recordsPerTransaction(), options.recordSize(), options.partitions(),
                committed, windowSeconds, transactionsPerSecond(), recordsPerSecond(),
                megabytesPerSecond(), commitLatency.p50Micros(), commitLatency.p99Micros(),
                commitLatency.p999Micros(), commitLatency.maxMicros());
    }

    /** Everything, for {@code transactions.json}. */
    public JsonObject toJson() {
        return new JsonObject()
                .put("recordsPerTransaction", options.recordsPerTransaction())
                .put("recordSize", options.recordSize())
                .put("partitions", options.partitions())
                .put("warmupSeconds", options.warmup().toMillis() / 1000.0)
                .put("windowSeconds", windowSeconds)
                .put("committedTransactions", committed)
                .put("transactionsPerSecond", transactionsPerSecond())
                .put("recordsPerSecond", recordsPerSecond())
                .put("megabytesPerSecond", megabytesPerSecond())
                .put("transactionLatencyMicros", new JsonObject()
                        .put("count", commitLatency.count())
                        .put("mean", commitLatency.meanMicros())
                        .put("p50", commitLatency.p50Micros())
                        .put("p99", commitLatency.p99Micros())
                        .put("p99.9", commitLatency.p999Micros())
                        .put("max", commitLatency.maxMicros()));
    }
}
