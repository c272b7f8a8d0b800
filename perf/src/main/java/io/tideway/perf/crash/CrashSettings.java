package io.tideway.perf.crash;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything one crash run is configured with. {@link #defaults} gives the CLI's defaults;
 * the {@code with*} methods change one setting.
 *
 * <p>Immutable; thread-safe.
 *
 * @param cycles kill -9 cycles
 * @param seed seed of every random choice the harness makes (kill moments, partitions,
 *     transaction sizes and outcomes); thread scheduling is not reproducible
 * @param partitions partitions of the test topic
 * @param producers idempotent producers
 * @param txnProducers transactional producers
 * @param cycleMillis upper bound of the random time the broker serves before a kill
 * @param earlyKillRatio share of cycles whose kill comes during start-up (log recovery)
 * @param checkEvery run the full check after every this many cycles (0: only at the end)
 * @param recordRate records per second of each idempotent producer
 * @param txnRate transactions per second of each transactional producer
 * @param maxTxnRecords most records in one transaction (at least one)
 * @param abortRatio share of transactions the producer aborts on purpose
 * @param hangRatio share of transactions the producer leaves open, as a crashed client would:
 *     the broker must abort them when they time out, across its own restarts
 * @param recordBytes value size of each record
 * @param txnTimeout transaction.timeout.ms of the transactional producers
 * @param segmentBytes the broker's log.segment.bytes (small, so that crashes hit rolls)
 * @param broker how to start the broker JVM
 * @param resultsDir where the run's directory (JSON, broker logs, data) goes
 */
public record CrashSettings(int cycles, long seed, int partitions, int producers,
        int txnProducers, long cycleMillis, double earlyKillRatio, int checkEvery,
        double recordRate, double txnRate, int maxTxnRecords, double abortRatio,
        double hangRatio, int recordBytes, Duration txnTimeout, int segmentBytes, BrokerCommand broker,
        Path resultsDir) {

    /** Validates the values; the message names the setting. */
    public CrashSettings {
        positive("cycles", cycles);
        positive("partitions", partitions);
        positive("max-txn-records", maxTxnRecords);
        positive("record-bytes", recordBytes);
        if (producers < 0 || txnProducers < 0 || producers + txnProducers == 0) {
            throw new IllegalArgumentException("need at least one producer (--producers, "
                    + "--txn-producers)");
        }
        if (cycleMillis < 10) {
            throw new IllegalArgumentException("--cycle-ms must be at least 10");
        }
        if (checkEvery < 0) {
            throw new IllegalArgumentException("--check-every must be >= 0");
        }
        ratio("early-kill-ratio", earlyKillRatio);
        ratio("abort-ratio", abortRatio);
        ratio("hang-ratio", hangRatio);
        if (!(recordRate > 0) || !(txnRate > 0)) {
            throw new IllegalArgumentException("--rate and --txn-rate must be > 0");
        }
        if (txnTimeout.toMillis() < 1000) {
            throw new IllegalArgumentException("--txn-timeout-ms must be at least 1000");
        }
        if (segmentBytes < 1024) {
            throw new IllegalArgumentException("--segment-bytes must be at least 1024");
        }
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(resultsDir, "resultsDir");
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("--" + name + " must be > 0, not " + value);
        }
    }

    private static void ratio(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("--" + name + " must be in [0, 1], not " + value);
        }
    }

    /** A builder holding the CLI's defaults; the broker command must be set. */
    public static Builder builder(Path resultsDir) {
        return new Builder(resultsDir);
    }

    /**
     * Collects settings, starting from the CLI's defaults.
     *
     * <p>Thread contract: confined to the thread that builds; not thread-safe.
     */
    public static final class Builder {
        private final Path resultsDir;
        private BrokerCommand broker;
        private int cycles = 100;
        private long seed = System.nanoTime();
        private int partitions = 4;
        private int producers = 2;
        private int txnProducers = 2;
        private long cycleMillis = 3000;
        private double earlyKillRatio = 0.1;
        private int checkEvery;
        private double recordRate = 200;
        private double txnRate = 10;
        private int maxTxnRecords = 8;
        private double abortRatio = 0.3;
        private double hangRatio = 0.002;
        private int recordBytes = 100;
        private Duration txnTimeout = Duration.ofSeconds(10);
        private int segmentBytes = 256 * 1024;

        private Builder(Path resultsDir) {
            this.resultsDir = resultsDir;
        }

        /** How to start the broker (required). */
        public Builder broker(BrokerCommand command) {
            broker = command;
            return this;
        }

        /** Kill cycles (default 100). */
        public Builder cycles(int n) {
            cycles = n;
            return this;
        }

        /** The seed (default: from the clock). */
        public Builder seed(long s) {
            seed = s;
            return this;
        }

        /** Partitions (default 4), idempotent (2) and transactional (2) producers. */
        public Builder clients(int partitionCount, int idempotent, int transactional) {
            partitions = partitionCount;
            producers = idempotent;
            txnProducers = transactional;
            return this;
        }

        /** Serving-time bound (default 3000 ms), early kills (0.1), full checks (0: at end). */
        public Builder timing(long cycleMs, double earlyKills, int every) {
            cycleMillis = cycleMs;
            earlyKillRatio = earlyKills;
            checkEvery = every;
            return this;
        }

        /** Records/s per idempotent producer (200), transactions/s per transactional one (10). */
        public Builder rates(double records, double txns) {
            recordRate = records;
            txnRate = txns;
            return this;
        }

        /** Most records per transaction (8), abort share (0.3), transaction timeout (10 s). */
        public Builder transactions(int maxRecords, double aborts, Duration timeout) {
            maxTxnRecords = maxRecords;
            abortRatio = aborts;
            txnTimeout = timeout;
            return this;
        }

        /** Share of transactions left open by a simulated client crash (0.002). */
        public Builder hangs(double ratio) {
            hangRatio = ratio;
            return this;
        }

        /** Record value size (100) and the broker's log.segment.bytes (256 KiB). */
        public Builder sizes(int valueBytes, int segment) {
            recordBytes = valueBytes;
            segmentBytes = segment;
            return this;
        }

        /**
         * The settings.
         *
         * @throws IllegalArgumentException naming the first invalid setting
         */
        public CrashSettings build() {
            return new CrashSettings(cycles, seed, partitions, producers, txnProducers,
                    cycleMillis, earlyKillRatio, checkEvery, recordRate, txnRate, maxTxnRecords,
                    abortRatio, hangRatio, recordBytes, txnTimeout, segmentBytes, broker,
                    resultsDir);
        }
    }

    /** One line per setting, for the report. */
    public List<String> describe() {
        return List.of("cycles=" + cycles, "seed=" + seed, "partitions=" + partitions,
                "producers=" + producers, "txnProducers=" + txnProducers,
                "cycleMs=" + cycleMillis, "earlyKillRatio=" + earlyKillRatio,
                "checkEvery=" + checkEvery, "recordRate=" + recordRate, "txnRate=" + txnRate,
                "maxTxnRecords=" + maxTxnRecords, "abortRatio=" + abortRatio,
                "hangRatio=" + hangRatio,
                "recordBytes=" + recordBytes, "txnTimeoutMs=" + txnTimeout.toMillis(),
                "segmentBytes=" + segmentBytes);
    }
}
