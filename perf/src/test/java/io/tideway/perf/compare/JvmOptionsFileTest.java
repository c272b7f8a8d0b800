package io.tideway.perf.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JvmOptionsFileTest {

    private static final List<String> FILE = List.of(
            "# comment", "", "  -XX:+UseSerialGC  ", "-Xms32m", "-Xmx128m", "-Xmn24m",
            "-XX:MaxRAMPercentage=10", "-Dio.netty.jfr.enabled=false");

    @Test
    void commentsAndBlankLinesAreSkippedAndOptionsTrimmed() {
        assertThat(JvmOptionsFile.parse(FILE, List.of())).containsExactly("-XX:+UseSerialGC",
                "-Xms32m", "-Xmx128m", "-Xmn24m", "-XX:MaxRAMPercentage=10",
                "-Dio.netty.jfr.enabled=false");
    }

    @Test
    void aHeapOverrideReplacesEveryHeapOptionLikeTheLaunchersTidewayHeap() {
        assertThat(JvmOptionsFile.parse(FILE, List.of("-Xms1g", "-Xmx1g"))).containsExactly(
                "-XX:+UseSerialGC", "-Dio.netty.jfr.enabled=false", "-Xms1g", "-Xmx1g");
    }

    @Test
    void heapOptionsAreReportedAsSuch() {
        assertThat(JvmOptionsFile.heapOptions(JvmOptionsFile.parse(FILE, List.of())))
                .containsExactly("-Xms32m", "-Xmx128m", "-Xmn24m", "-XX:MaxRAMPercentage=10");
    }

    @Test
    void aMissingFileMeansNoOptions(@TempDir Path dir) throws Exception {
        assertThat(JvmOptionsFile.read(dir.resolve("none"), List.of("-Xmx1g")))
                .containsExactly("-Xmx1g");
        Path file = Files.write(dir.resolve("jvm.options"), FILE);
        assertThat(JvmOptionsFile.read(file, List.of())).hasSize(6);
    }
}
