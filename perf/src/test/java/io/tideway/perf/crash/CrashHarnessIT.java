package io.tideway.perf.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.perf.crash.check.CheckReport;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash harness's short run: a Tideway broker JVM (this test's classpath) under group
 * commit, killed with SIGKILL four times under idempotent and transactional producers and a
 * consumer group (seed 3 puts one kill in the middle of start-up recovery; some transactions are
 * left open for the broker's timeout to abort), with full checks after cycles 2 and 4 and the
 * final check; no anomaly may be found.
 */
class CrashHarnessIT {

    private static final long SEED = 3;

    @Test
    void killNineCyclesLoseNothing(@TempDir Path dir) throws Exception {
        // C1 only and the serial collector halve the broker's start-up on a loaded 2-core machine.
        BrokerCommand broker = BrokerCommand.fromClasspath(System.getProperty("java.class.path"),
                List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        CrashSettings settings = CrashSettings.builder(dir.resolve("run")).broker(broker)
                .cycles(4).seed(SEED)
                .clients(3, 2, 2)
                .timing(1000, 0.25, 2)
                .rates(100, 5)
                .transactions(5, 0.3, Duration.ofSeconds(5))
                .hangs(0.05) // a few transactions left to the broker's timeout
                .sizes(100, 16 * 1024) // small segments: the kills hit rolls and snapshots
                .build();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        CrashResult result = new CrashRunner(settings, Map.of(),
                new PrintStream(output, true, StandardCharsets.UTF_8)).run();
        String out = output.toString(StandardCharsets.UTF_8);
        System.out.print(out); // into the Failsafe report

        assertThat(result.failure()).as(out).isNull();
        assertThat(result.cycles()).as(out).hasSize(4);
        assertThat(result.cycles()).as(out).anyMatch(CycleResult::duringStartup);
        CheckReport last = result.finalReport();
        assertThat(last.clean()).as(out).isTrue();
        assertThat(result.anomalies()).as(out).isZero();
        assertThat(result.cycles().stream().filter(c -> c.full() != null)).as(out).hasSize(2);
        assertThat(last.ackedWrites()).as(out).isPositive();
        assertThat(last.committedTransactions()).as(out).isPositive();
        assertThat(last.polls()).as(out).isPositive();
        assertThat(result.passed()).isTrue();
        assertThat(out).contains("crash: seed 3 (rerun with --seed 3)")
                .contains("cycle   1/4: kill -9 after").contains("PASSED");

        JsonObject json = new JsonObject(Files.readString(
                dir.resolve("run").resolve(CrashReport.JSON)));
        assertThat(json.getBoolean("passed")).isTrue();
        assertThat(json.getLong("seed")).isEqualTo(SEED);
        assertThat(json.getJsonArray("cycles")).hasSize(4);
        assertThat(json.getJsonObject("finalCheck").getJsonObject("counts")
                .getLong("LOST_WRITE")).isZero();
        // The data directory goes when the run passed; the broker logs stay.
        assertThat(dir.resolve("run/broker/data")).doesNotExist();
        assertThat(dir.resolve("run/broker/broker-001.log")).isRegularFile();
    }
}
