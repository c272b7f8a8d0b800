package io.tideway.perf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code tideway-perf compare} option mistakes, caught before any broker starts. */
class CompareCommandTest {

    private static String compare(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("compare", "--workload",
                "workloads/1kb-max.yaml"));
        all.addAll(List.of(args));
        int status = PerfMain.execute(all, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(2);
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void flushModesAreChecked() {
        assertThat(compare("--flush", "always"))
                .contains("--flush must be none or group-commit, not 'always'");
        assertThat(compare("--flush", "group-commit", "--kafka-flush", "sometimes"))
                .contains("--kafka-flush must be default or every-message, not 'sometimes'");
    }

    @Test
    void usageNamesKafkaFlush() {
        assertThat(compare("--rounds", "0")).contains("--kafka-flush MODE");
    }
}
