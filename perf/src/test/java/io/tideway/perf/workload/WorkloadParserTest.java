package io.tideway.perf.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkloadParserTest {

    @TempDir
    Path dir;

    @Test
    void readsYaml() throws Exception {
        Path file = Files.writeString(dir.resolve("w.yaml"), """
                name: small
                partitionsPerTopic: 12
                messageSize: 512
                producerRate: 2000
                durationSeconds: 30
                warmupSeconds: 0
                acks: 1
                keyDistribution: round_robin
                """);
        Workload w = WorkloadParser.read(file);
        assertThat(w.name()).isEqualTo("small");
        assertThat(w.partitionsPerTopic()).isEqualTo(12);
        assertThat(w.messageSize()).isEqualTo(512);
        assertThat(w.producerRate()).isEqualTo(2000);
        assertThat(w.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(w.warmup()).isZero();
        assertThat(w.acks()).isEqualTo("1");
        assertThat(w.keyDistribution()).isEqualTo(KeyDistribution.ROUND_ROBIN);
        assertThat(w.topics()).isEqualTo(1);
        assertThat(w.compression()).isEqualTo("none");
    }

    @Test
    void readsPropertiesWithDefaultsAndFileNameAsName() throws Exception {
        Path file = Files.writeString(dir.resolve("fast.properties"),
                "producerRate=unlimited\nconsumersPerTopic=0\n");
        Workload w = WorkloadParser.read(file);
        assertThat(w.name()).isEqualTo("fast");
        assertThat(w.unlimitedRate()).isTrue();
        assertThat(w.consumerCount()).isZero();
        assertThat(w.acks()).isEqualTo("all");
        assertThat(w.messageSize()).isEqualTo(1024);
    }

    @Test
    void unknownKeyIsNamedWithFile() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), "partitions: 3\n");
        assertThatThrownBy(() -> WorkloadParser.read(file))
                .isInstanceOf(WorkloadException.class)
                .hasMessageContaining("bad.yaml")
                .hasMessageContaining("unknown key 'partitions'")
                .hasMessageContaining("partitionsPerTopic");
    }

    @Test
    void invalidValuesNameTheKey() {
        assertThatThrownBy(() -> WorkloadParser.fromMap(Map.of("messageSize", "4"), "w"))
                .isInstanceOf(WorkloadException.class).hasMessageStartingWith("messageSize: 4");
        assertThatThrownBy(() -> WorkloadParser.fromMap(Map.of("topics", "two"), "w"))
                .hasMessage("topics: 'two' is not a whole number");
        assertThatThrownBy(() -> WorkloadParser.fromMap(Map.of("acks", "2"), "w"))
                .hasMessageContaining("acks: '2'");
        assertThatThrownBy(() -> WorkloadParser.fromMap(Map.of("producerRate", "-5"), "w"))
                .hasMessageContaining("producerRate");
        assertThatThrownBy(() -> WorkloadParser.fromMap(Map.of("keyDistribution", "zipf"), "w"))
                .hasMessageContaining("none, random, round-robin");
        assertThatThrownBy(() -> WorkloadParser.fromMap(Map.of("durationSeconds", "0"), "w"))
                .hasMessageContaining("durationSeconds");
    }

    @Test
    void nestedYamlIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("n.yaml"), "topics:\n  - a\n");
        assertThatThrownBy(() -> WorkloadParser.read(file))
                .hasMessageContaining("topics: expected a single value");
        Path notYaml = Files.writeString(dir.resolve("x.yml"), "a: [\n");
        assertThatThrownBy(() -> WorkloadParser.read(notYaml)).hasMessageContaining("not valid YAML");
    }

    @Test
    void toMapRoundTrips() {
        Workload w = WorkloadParser.fromMap(Map.of("producerRate", "1500", "warmupSeconds", "2.5",
                "keyDistribution", "random"), "rt");
        assertThat(WorkloadParser.fromMap(WorkloadParser.toMap(w), "other")).isEqualTo(w);
    }
}
