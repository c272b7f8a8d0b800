package io.tideway.perf.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.perf.metrics.LatencySummary;
import io.tideway.perf.run.BrokerUsage;
import io.tideway.perf.run.RunResult;
import io.tideway.perf.run.ThroughputStats;
import io.tideway.perf.workload.WorkloadParser;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    @Test
    void medianAndRatio() {
        assertThat(MetricRatio.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(MetricRatio.median(new double[] {4, 1, Double.NaN, 2, 3})).isEqualTo(2.5);
        assertThat(MetricRatio.median(new double[] {})).isNaN();
        assertThat(MetricRatio.ratio(3, 2)).isEqualTo(1.5);
        assertThat(MetricRatio.ratio(3, 0)).isNaN();
        assertThat(Target.atLeast(1.5).isMetBy(1.5)).isTrue();
        assertThat(Target.atMost(0.5).isMetBy(0.6)).isFalse();
        assertThat(Target.atMost(0.5).isMetBy(Double.NaN)).isFalse();
    }

    @Test
    void comparisonUsesMediansPerBroker() {
        List<RunResult> tideway = List.of(result("tideway", 300, 1.0), result("tideway", 100, 1.0));
        List<RunResult> kafka = List.of(result("kafka", 100, 4.0), result("kafka", 100, 4.0));
        Comparison c = Comparison.of("w", tideway, kafka, List.of(), List.of(),
                Comparison.PRODUCE_TARGET);
        MetricRatio produce = c.ratios().get(0);
        assertThat(produce.name()).isEqualTo("produce MB/s");
        assertThat(produce.tidewayMedian()).isEqualTo(200);
        assertThat(produce.ratio()).isEqualTo(2.0);
        assertThat(produce.targetMet()).isTrue();
        MetricRatio cpu = c.ratios().stream().filter(m -> m.name().startsWith("broker CPU"))
                .findFirst().orElseThrow();
        assertThat(cpu.ratio()).isEqualTo(0.25);
        assertThat(c.ratios()).noneMatch(m -> m.name().contains("half"));
    }

    @Test
    void fsyncAgainstPageCacheIsJudgedAgainstItsOwnProduceTarget() {
        List<RunResult> tideway = List.of(result("tideway", 110, 1.0));
        List<RunResult> kafka = List.of(result("kafka", 100, 1.0));
        MetricRatio likeForLike = Comparison.of("w", tideway, kafka, List.of(), List.of(),
                Comparison.PRODUCE_TARGET).ratios().get(0);
        MetricRatio fsync = Comparison.of("w", tideway, kafka, List.of(), List.of(),
                Comparison.PRODUCE_FSYNC_VS_PAGE_CACHE_TARGET).ratios().get(0);
        assertThat(likeForLike.targetMet()).isFalse();
        assertThat(fsync.target()).contains(Target.atLeast(1.0));
        assertThat(fsync.targetMet()).isTrue();
    }

    @Test
    void writesJsonMarkdownAndPngs(@TempDir Path dir) throws Exception {
        List<RunResult> runs = List.of(result("tideway", 120, 1.0), result("kafka", 100, 2.0));
        Comparison c = Comparison.of("w", runs.subList(0, 1), runs.subList(1, 2), List.of(),
                List.of(), Comparison.PRODUCE_TARGET);
        List<Path> files = ReportWriter.write(dir.resolve("out"), Map.of("cores", "2"), runs,
                List.of(c));
        assertThat(files).hasSize(5).allMatch(Files::isRegularFile);
        JsonObject json = new JsonObject(Files.readString(dir.resolve("out/results.json")));
        assertThat(json.getJsonArray("runs")).hasSize(2);
        assertThat(json.getJsonArray("comparisons").getJsonObject(0).getJsonArray("ratios")
                .getJsonObject(0).getDouble("ratio")).isEqualTo(1.2);
        String md = Files.readString(dir.resolve("out/summary.md"));
        assertThat(md).contains("| produce MB/s | 120 | 100 | 1.20 | >= 1.5 | no |");
        for (String png : List.of(ReportWriter.PUBLISH_PNG, ReportWriter.E2E_PNG,
                ReportWriter.THROUGHPUT_PNG)) {
            byte[] bytes = Files.readAllBytes(dir.resolve("out").resolve(png));
            assertThat(bytes).hasSizeGreaterThan(1000);
            assertThat(new String(bytes, 1, 3, java.nio.charset.StandardCharsets.US_ASCII))
                    .isEqualTo("PNG");
        }
    }

    private static RunResult result(String label, double mbPerSecond, double cpuPerGb) {
        Histogram h = new Histogram(3);
        for (int i = 1; i <= 1000; i++) {
            h.recordValue(i * 10_000L);
        }
        return new RunResult(label, WorkloadParser.fromMap(Map.of(), "w"), Instant.EPOCH, 10,
                new ThroughputStats(1, 1, mbPerSecond * 1000, mbPerSecond),
                new ThroughputStats(1, 1, mbPerSecond * 1000, mbPerSecond), 0,
                LatencySummary.ofNanos(h), LatencySummary.ofNanos(h), h, h.copy(),
                List.of(10L, 20L, 30L), List.of(10L, 20L, 30L),
                Optional.of(new BrokerUsage(cpuPerGb, cpuPerGb, 100L << 20, 90L << 20)),
                Optional.of(500.0));
    }
}
