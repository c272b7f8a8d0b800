package io.tideway.perf.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.perf.crash.check.Anomaly;
import io.tideway.perf.crash.check.CheckReport;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash harness's short runs against a Tideway broker JVM started from this test's
 * classpath: four SIGKILL cycles under idempotent and transactional producers and a consumer
 * group must show no anomaly; and the same harness, when a segment is cut between a kill and the
 * restart, must report the lost writes.
 */
class CrashHarnessIT {

    /** Seed 3 puts the third kill in the middle of start-up recovery. */
    private static final long SEED = 3;

    @TempDir
    Path dir;

    /** C1 only and the serial collector halve the broker's start-up on a loaded 2-core box. */
    private static CrashSettings.Builder settings(Path runDir) {
        return CrashSettings.builder(runDir)
                .broker(BrokerCommand.fromClasspath(System.getProperty("java.class.path"),
                        List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")))
                .clients(3, 2, 2)
                .rates(100, 5)
                .transactions(5, 0.3, Duration.ofSeconds(5))
                .sizes(100, 16 * 1024); // small segments: the kills hit rolls and snapshots
    }

    private record Run(CrashResult result, String out) {
    }

    private static Run run(CrashSettings settings, Consumer<Path> whileDown) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        CrashResult result = new CrashRunner(settings, Map.of(),
                new PrintStream(output, true, StandardCharsets.UTF_8))
                .injectWhileDown(whileDown).run();
        String out = output.toString(StandardCharsets.UTF_8);
        System.out.print(out); // into the Failsafe report
        return new Run(result, out);
    }

    @Test
    void killNineCyclesLoseNothing() throws Exception {
        CrashSettings settings = settings(dir.resolve("run")).cycles(4).seed(SEED)
                .timing(1000, 0.25, 2)
                .hangs(0.05) // a few transactions left to the broker's timeout
                .build();
        Run run = run(settings, dataDir -> { });
        CrashResult result = run.result();
        String out = run.out();

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

    @Test
    void segmentCutWhileTheBrokerIsDownIsReportedAsLostWrites() {
        CrashSettings settings = settings(dir.resolve("cut")).cycles(2).seed(SEED)
                .timing(1000, 0, 0).hangs(0).build();
        AtomicBoolean cut = new AtomicBoolean();
        Run run = run(settings, dataDir -> {
            if (cut.compareAndSet(false, true)) {
                cutNewestSegment(dataDir.resolve(CrashRunner.TOPIC + "-0"));
            }
        });
        CheckReport last = run.result().finalReport();
        assertThat(last).as(run.out()).isNotNull();
        assertThat(last.count(Anomaly.LOST_WRITE)).as(run.out()).isPositive();
        assertThat(last.examples().get(Anomaly.LOST_WRITE).get(0)).as(run.out())
                .contains("acknowledged (callback: 0/");
        assertThat(run.result().passed()).isFalse();
        assertThat(run.out()).contains("FAILED: ");
        // Kept for investigation.
        assertThat(dir.resolve("cut/broker/data")).isDirectory();
    }

    /** Keeps the first 40% of the partition's newest segment, as a torn write would. */
    private static void cutNewestSegment(Path partitionDir) {
        try (Stream<Path> files = Files.list(partitionDir)) {
            Path newest = files.filter(f -> f.toString().endsWith(".log"))
                    .max(Comparator.comparing(Path::getFileName)).orElseThrow();
            try (FileChannel ch = FileChannel.open(newest, StandardOpenOption.WRITE)) {
                ch.truncate(ch.size() * 2 / 5);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
