package io.tideway.perf.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CliArgsTest {

    private static final Set<String> OPTIONS = Set.of("workload", "set", "rounds");

    @Test
    void parsesOptionsFlagsAndOverrides() {
        CliArgs a = CliArgs.parse(List.of("--workload", "w.yaml", "--set", "acks=1",
                "--set=topics=2", "--jfr", "--rounds=3"), OPTIONS, Set.of("jfr"));
        assertThat(a.require("workload")).isEqualTo("w.yaml");
        assertThat(a.overrides()).isEqualTo(Map.of("acks", "1", "topics", "2"));
        assertThat(a.flag("jfr")).isTrue();
        assertThat(a.intValue("rounds", 2)).isEqualTo(3);
        assertThat(a.get("missing")).isEmpty();
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> CliArgs.parse(List.of("--bogus", "1"), OPTIONS, Set.of()))
                .isInstanceOf(UsageException.class).hasMessageContaining("unknown option --bogus");
        assertThatThrownBy(() -> CliArgs.parse(List.of("--workload"), OPTIONS, Set.of()))
                .hasMessage("option --workload needs a value");
        assertThatThrownBy(() -> CliArgs.parse(List.of("stray"), OPTIONS, Set.of()))
                .hasMessage("unexpected argument 'stray'");
        CliArgs a = CliArgs.parse(List.of("--rounds", "x", "--set", "novalue"), OPTIONS,
                Set.of());
        assertThatThrownBy(() -> a.intValue("rounds", 1)).hasMessageContaining("--rounds: 'x'");
        assertThatThrownBy(a::overrides).hasMessageContaining("key=value");
        assertThatThrownBy(() -> a.require("workload"))
                .hasMessage("missing required option --workload");
    }

    @Test
    void unknownCommandExitsWithUsage() {
        var err = new java.io.ByteArrayOutputStream();
        int status = PerfMain.execute(List.of("bench"), new java.io.PrintStream(
                new java.io.ByteArrayOutputStream()), new java.io.PrintStream(err));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("unknown command 'bench'").contains("Usage:");
    }
}
