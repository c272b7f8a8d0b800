package io.tideway.perf.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaLauncherTest {

    @Test
    void combinedKraftConfigOnLoopback() {
        String props = new KafkaLauncher(Path.of("k"), List.of("-Xmx1g"), false)
                .serverProperties(9092, 9093, Path.of("/d"));
        assertThat(props).contains("process.roles=broker,controller\n")
                .contains("listeners=PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093\n")
                .contains("controller.quorum.bootstrap.servers=127.0.0.1:9093\n")
                .contains("log.dirs=/d\n")
                .doesNotContain("log.flush.interval.messages");
        assertThat(new KafkaLauncher(Path.of("k"), List.of(), true)
                .serverProperties(1, 2, Path.of("/d")))
                .contains("log.flush.interval.messages=1\n");
    }

    @Test
    void missingInstallationsAreExplained(@TempDir Path dir) {
        assertThatThrownBy(() -> new KafkaLauncher(dir.resolve("none"), List.of(), false)
                .start(dir)).isInstanceOf(BrokerStartException.class)
                .hasMessageContaining("perf/kafka-dist/pom.xml");
        assertThatThrownBy(() -> new TidewayLauncher(dir.resolve("none"), dir.resolve("x.jsa"),
                List.of(), "none", false).start(dir)).isInstanceOf(BrokerStartException.class)
                .hasMessageContaining("no Tideway distribution");
    }
}
