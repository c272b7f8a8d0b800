package io.tideway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env).run(args);
    }

    @Test
    void helpPrintsUsage() {
        assertThat(run(Map.of(), "help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("start [--config FILE]");
    }

    @Test
    void noCommandOrUnknownCommandIsAUsageError() {
        assertThat(run(Map.of())).isEqualTo(2);
        assertThat(run(Map.of(), "launch")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("unknown command 'launch'").contains("Usage: tideway");
    }

    @Test
    void unexpectedStartArgumentIsAUsageError() {
        assertThat(run(Map.of(), "start", "--port", "1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unexpected argument '--port'");
    }

    @Test
    void invalidConfigurationFailsWithTheMessage() throws Exception {
        Path config = Files.writeString(dir.resolve("bad.properties"), "num.partitions=-3\n");
        assertThat(run(Map.of(), "start", "--config", config.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("tideway: Invalid configuration:")
                .contains("num.partitions=-3 (from file " + config + ")");
    }

    @Test
    void configReferenceIsMarkdown() {
        assertThat(run(Map.of(), "config-reference")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("| `listeners` |");
    }
}
