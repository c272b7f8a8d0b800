package io.tideway.perf.txn;

import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.server.BrokerConfig;
import io.tideway.server.TidewayServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A two-second transaction benchmark against an in-process Tideway broker: it commits
 * transactions and reports them. No timing is asserted: the number is a measurement.
 */
class TransactionBenchmarkIT {

    @Test
    void measuresCommittedTransactions(@TempDir Path dir) {
        BrokerConfig config = BrokerConfig.fromMap(Map.of(
                "listeners", "PLAINTEXT://127.0.0.1:0",
                "log.dirs", dir.resolve("data").toString(),
                "num.network.threads", "2"));
        try (TidewayServer server = TidewayServer.start(config)) {
            var options = new TransactionBenchmarkOptions(
                    "127.0.0.1:" + server.listeners().get(0).port(), 10, 1024, 2,
                    Duration.ofMillis(500), Duration.ofSeconds(2));
            TransactionBenchmarkResult result = new TransactionBenchmark(options).run();
            assertThat(result.committed()).isPositive();
            assertThat(result.commitLatency().count()).isEqualTo(result.committed());
            assertThat(result.windowSeconds()).isPositive();
        }
    }
}
