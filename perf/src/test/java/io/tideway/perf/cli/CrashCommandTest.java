package io.tideway.perf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tideway-perf crash} option mistakes, caught before any broker starts. */
class CrashCommandTest {

    @TempDir
    Path dir;

    private record Outcome(int status, String err) {
    }

    private Outcome crash(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("crash"));
        all.addAll(List.of(args));
        int status = PerfMain.execute(all, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, err.toString(StandardCharsets.UTF_8));
    }

    private String dist() throws Exception {
        Files.createDirectories(dir.resolve("dist/lib"));
        return dir.resolve("dist").toString();
    }

    @Test
    void invalidSettingsAreUsageErrors() throws Exception {
        Outcome zero = crash("--tideway-dist", dist(), "--cycles", "0");
        assertThat(zero.status()).isEqualTo(2);
        assertThat(zero.err()).contains("--cycles must be > 0").contains("crash     Kill -9");
        Outcome ratio = crash("--tideway-dist", dist(), "--abort-ratio", "1.5");
        assertThat(ratio.status()).isEqualTo(2);
        assertThat(ratio.err()).contains("--abort-ratio must be in [0, 1], not 1.5");
        Outcome noProducers = crash("--tideway-dist", dist(), "--producers", "0",
                "--txn-producers", "0");
        assertThat(noProducers.err()).contains("need at least one producer");
        Outcome notANumber = crash("--seed", "abc");
        assertThat(notANumber.status()).isEqualTo(2);
        assertThat(notANumber.err()).contains("--seed: 'abc' is not a whole number");
        assertThat(crash("--bogus", "1").err()).contains("unknown option --bogus");
    }

    @Test
    void missingDistributionFailsWithItsPath() {
        Outcome missing = crash("--tideway-dist", dir.resolve("nowhere").toString());
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).contains("no Tideway distribution at " + dir.resolve("nowhere"));
    }
}
