package io.tideway.perf.txn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tideway.perf.metrics.LatencySummary;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TransactionBenchmarkResultTest {

    private static final TransactionBenchmarkOptions OPTIONS =
            TransactionBenchmarkOptions.defaults("127.0.0.1:9092");

    @Test
    void ratesFollowFromCommittedTransactionsAndTheWindow() {
        var result = new TransactionBenchmarkResult(OPTIONS, 1500, 30.0,
                new LatencySummary(1500, 19_500, 18_000, 45_000, 90_000, 120_000));
        assertThat(result.transactionsPerSecond()).isCloseTo(50.0, within(1e-9));
        assertThat(result.recordsPerSecond()).isCloseTo(500.0, within(1e-9));
        assertThat(result.megabytesPerSecond()).isCloseTo(0.512, within(1e-9));
        assertThat(result.toText()).contains("1500 transactions in 30.0 s = 50.0 transactions/s")
                .contains("10 records of 1024 B").contains("p50 18000, p99 45000");
        JsonObject json = result.toJson();
        assertThat(json.getLong("committedTransactions")).isEqualTo(1500);
        assertThat(json.getDouble("transactionsPerSecond")).isEqualTo(50.0);
        assertThat(json.getJsonObject("transactionLatencyMicros").getLong("p99.9"))
                .isEqualTo(90_000);
    }

    @Test
    void optionsRefuseNonsense() {
        assertThatThrownBy(() -> new TransactionBenchmarkOptions("h:1", 0, 1024, 1,
                Duration.ZERO, Duration.ofSeconds(1))).hasMessageContaining("records per");
        assertThatThrownBy(() -> new TransactionBenchmarkOptions("h:1", 10, 0, 1,
                Duration.ZERO, Duration.ofSeconds(1))).hasMessageContaining("record size");
        assertThatThrownBy(() -> new TransactionBenchmarkOptions("h:1", 10, 1024, 0,
                Duration.ZERO, Duration.ofSeconds(1))).hasMessageContaining("partitions");
        assertThatThrownBy(() -> new TransactionBenchmarkOptions("h:1", 10, 1024, 1,
                Duration.ZERO, Duration.ZERO)).hasMessageContaining("window");
        assertThatThrownBy(() -> new TransactionBenchmarkOptions(" ", 10, 1024, 1,
                Duration.ZERO, Duration.ofSeconds(1))).hasMessageContaining("bootstrap");
        assertThatThrownBy(() -> new TransactionBenchmarkResult(OPTIONS, 1, 0,
                new LatencySummary(0, 0, 0, 0, 0, 0))).isInstanceOf(IllegalArgumentException.class);
    }
}
