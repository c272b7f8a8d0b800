package io.tideway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged distribution ({@code target/dist}, built in the package phase) run as a real
 * process, as the {@code tideway} script runs it (with the JVM options of its
 * {@code config/jvm.options}): ready line, ApiVersions, a second broker on the same data directory
 * refused, SIGTERM ends with status 0.
 */
class DistributionIT {

    private static final Path DIST = Path.of("target/dist");
    private static final Pattern READY_PORT = Pattern.compile("PLAINTEXT://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    /** A child broker process; its output goes to a file (pipes race with process exit). */
    private static final class Broker {
        final Process process;
        final Path log;

        Broker(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        Optional<String> line(String containing) {
            return lines().stream().filter(l -> l.contains(containing)).findFirst();
        }

        List<String> lines() {
            try {
                return Files.readAllLines(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return List.of("<cannot read " + log + ": " + e + ">");
            }
        }

        String output() {
            return String.join("\n", lines());
        }
    }

    private Broker launch(Path config, String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dir.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions());
        command.addAll(List.of("-cp", DIST.resolve("lib") + "/*", "io.tideway.server.Main",
                "start", "--config", config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        return new Broker(builder.start(), log);
    }

    /** The launcher's reading of {@code config/jvm.options}: one option a line, # comments. */
    private static List<String> jvmOptions() throws IOException {
        return Files.readAllLines(DIST.resolve("config/jvm.options")).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    @Test
    void startsServesRefusesASecondBrokerAndStopsWithStatusZeroOnSigterm() throws Exception {
        assertThat(DIST.resolve("config/server.properties")).isRegularFile();
        Path config = Files.writeString(dir.resolve("server.properties"),
                "listeners=PLAINTEXT://127.0.0.1:0\nlog.dirs=" + dir.resolve("data") + "\n");
        Broker first = launch(config, "first");
        try {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> first.line("Tideway ready").isPresent() || !first.process.isAlive());
            String ready = first.line("Tideway ready").orElseThrow(
                    () -> new AssertionError("no ready line:\n" + first.output()));
            assertThat(ready).contains("dataDirs=").contains("metadataStore=\"embedded\"");
            Matcher port = READY_PORT.matcher(ready);
            assertThat(port.find()).as(ready).isTrue();
            assertThat(ApiVersionsProbe.ask("127.0.0.1", Integer.parseInt(port.group(1)))
                    .data().errorCode()).isEqualTo(Errors.NONE.code());

            Broker second = launch(config, "second");
            assertThat(second.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(second.process.exitValue()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> second.line("tideway: ").isPresent());
            assertThat(second.line("tideway: ").orElseThrow())
                    .contains("Data directory " + dir.resolve("data") + " is in use")
                    .contains("pid=" + first.process.pid());

            first.process.destroy(); // SIGTERM
            assertThat(first.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(first.process.exitValue()).as(first.output()).isZero();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(first.line("Tideway stopped")).as(first.output()).isPresent());
        } finally {
            first.process.destroyForcibly();
        }
    }
}
