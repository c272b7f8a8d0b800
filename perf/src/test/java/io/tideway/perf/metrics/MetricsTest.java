package io.tideway.perf.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsTest {

    @Test
    void latencyIsMeasuredFromTheIntendedTime() {
        LatencyRecorder recorder = new LatencyRecorder();
        // Intended at 0, sent late at 5 ms, acknowledged at 6 ms: 6 ms, not 1 ms.
        recorder.recordFromIntended(0, 6_000_000);
        recorder.recordFromIntended(10, 5); // never negative
        Histogram h = recorder.total();
        assertThat(h.getTotalCount()).isEqualTo(2);
        assertThat(h.getMaxValue()).isBetween(5_995_000L, 6_005_000L);
        assertThat(h.getMinValue()).isZero();
        LatencySummary s = LatencySummary.ofNanos(h);
        assertThat(s.maxMicros()).isBetween(5995L, 6005L);
        assertThat(recorder.intervalHistogram().getTotalCount()).isZero();
    }

    @Test
    void emptySummaryIsZero() {
        assertThat(LatencySummary.ofNanos(new Histogram(3)))
                .isEqualTo(new LatencySummary(0, 0, 0, 0, 0, 0));
    }

    @Test
    void throughputSeriesBucketsBySecond() {
        ThroughputSeries s = new ThroughputSeries(1_000, 3);
        s.record(1_000, 1, 100);
        s.record(1_000 + 999_999_999L, 1, 100);
        s.record(1_000 + 2_500_000_000L, 2, 50);
        s.record(0, 1, 1);
        s.record(1_000 + 3_000_000_000L, 1, 1);
        assertThat(s.recordsAt(0)).isEqualTo(2);
        assertThat(s.recordsAt(2)).isEqualTo(2);
        assertThat(s.bytesBetween(0, 3)).isEqualTo(250);
        assertThat(s.recordsBetween(-5, 99)).isEqualTo(4);
        assertThat(s.dropped()).isEqualTo(2);
    }

    @Test
    void procStatsParsesStatAndStatus(@TempDir Path proc) throws Exception {
        Path pid = Files.createDirectories(proc.resolve("77"));
        Files.writeString(pid.resolve("stat"),
                "77 (java (x) y) S 1 77 77 0 -1 4194560 100 0 0 0 250 150 0 0 20 0 40 0 1 2 3\n");
        Files.writeString(pid.resolve("status"),
                "Name:\tjava\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n");
        ProcessSample s = new ProcStats(proc).sample(77).orElseThrow();
        assertThat(s.cpuSeconds()).isEqualTo(4.0);
        assertThat(s.rssBytes()).isEqualTo(100L << 20);
        assertThat(s.peakRssBytes()).isEqualTo(200L << 20);
        assertThat(new ProcStats(proc).sample(78)).isEmpty();
    }

    @Test
    void procStatsReadsThisJvm() {
        ProcessSample s = new ProcStats().sample(ProcessHandle.current().pid()).orElseThrow();
        assertThat(s.rssBytes()).isPositive();
        assertThat(s.cpuSeconds()).isPositive();
    }
}
