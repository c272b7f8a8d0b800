package io.tideway.perf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.server.BrokerConfig;
import io.tideway.server.TidewayServer;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tideway-perf run}: a 3-second tiny workload against an in-process Tideway broker. */
class PerfMainIT {

    @Test
    void runWritesReports(@TempDir Path dir) throws Exception {
        BrokerConfig config = BrokerConfig.fromMap(Map.of(
                "listeners", "PLAINTEXT://127.0.0.1:0",
                "log.dirs", dir.resolve("data").toString(),
                "num.network.threads", "2"));
        Path workload = Files.writeString(dir.resolve("tiny.yaml"), """
                partitionsPerTopic: 2
                messageSize: 256
                producerRate: 500
                durationSeconds: 3
                warmupSeconds: 1
                keyDistribution: random
                """);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (TidewayServer server = TidewayServer.start(config)) {
            int status = PerfMain.execute(List.of("run", "--workload", workload.toString(),
                    "--bootstrap", "127.0.0.1:" + server.listeners().get(0).port(),
                    "--broker-pid", Long.toString(ProcessHandle.current().pid()),
                    "--label", "tideway", "--progress-seconds", "1",
                    "--results", dir.resolve("results").toString()),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        }
        Path results;
        try (Stream<Path> dirs = Files.list(dir.resolve("results"))) {
            results = dirs.findFirst().orElseThrow();
        }
        assertThat(results.resolve("summary.md")).isRegularFile();
        assertThat(results.resolve("throughput.png")).isRegularFile();
        assertThat(results.resolve("e2e-latency.png")).isRegularFile();
        JsonObject run = new JsonObject(Files.readString(results.resolve("results.json")))
                .getJsonArray("runs").getJsonObject(0);
        // 500 records/s for 3 s; allow for a slow shared machine.
        assertThat(run.getJsonObject("produced").getLong("records")).isGreaterThan(1000);
        assertThat(run.getJsonObject("endToEndLatencyMicros").getLong("count")).isPositive();
        assertThat(run.getLong("sendErrors")).isZero();
        assertThat(run.getJsonObject("broker").getLong("peakRssBytes")).isPositive();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("[tideway measure");
    }

    @Test
    void badWorkloadIsAUsageError(@TempDir Path dir) throws Exception {
        Path workload = Files.writeString(dir.resolve("bad.yaml"), "messageSize: 2\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = PerfMain.execute(List.of("run", "--workload", workload.toString()),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("bad.yaml: messageSize: 2");
    }
}
