package io.tideway.perf.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tideway.perf.workload.WorkloadParser;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RunLogicTest {

    @Test
    void consumersSplitEachTopicsPartitions() {
        var w = WorkloadParser.fromMap(Map.of("topics", "2", "partitionsPerTopic", "5",
                "consumersPerTopic", "2"), "w");
        List<List<TopicPartition>> a = WorkloadRunner.assignments(w, List.of("a", "b"));
        assertThat(a).hasSize(4);
        assertThat(a.get(0)).extracting(TopicPartition::partition).containsExactly(0, 2, 4);
        assertThat(a.get(1)).extracting(TopicPartition::partition).containsExactly(1, 3);
        assertThat(a.get(2)).allMatch(tp -> tp.topic().equals("b"));
        // More consumers than partitions: the idle ones are not created.
        var many = WorkloadParser.fromMap(Map.of("consumersPerTopic", "3"), "w");
        assertThat(WorkloadRunner.assignments(many, List.of("a"))).hasSize(1);
    }

    @Test
    void metricsCountLatencyByIntendedTimeAndThroughputByEventTime() {
        RunClock clock = RunClock.starting(0, Duration.ofSeconds(1), Duration.ofSeconds(2));
        RunMetrics m = new RunMetrics(clock, 1);
        m.onAcked(500_000_000L, 1_200_000_000L, 100); // intended in warm-up, acked in window
        m.onAcked(1_500_000_000L, 1_600_000_000L, 100); // in window
        m.onAcked(2_900_000_000L, 3_100_000_000L, 100); // intended in window, acked after
        m.onConsumed(1_500_000_000L, 1_700_000_000L, 100);
        assertThat(m.publishLatency.total().getTotalCount()).isEqualTo(2);
        assertThat(m.producedInWindow.sum()).isEqualTo(2);
        assertThat(m.producedBytesInWindow.sum()).isEqualTo(200);
        assertThat(m.producedTotal()).isEqualTo(3);
        assertThat(m.endToEndLatency.total().getMaxValue()).isBetween(199_000_000L,
                201_000_000L);
        assertThat(m.consumedInWindow.sum()).isEqualTo(1);
        assertThat(clock.measuredSeconds()).isEqualTo(2.0);
    }

    @Test
    void throughputStatsAndClockValidation() {
        ThroughputStats t = ThroughputStats.over(1000, 2_000_000, 2);
        assertThat(t.recordsPerSecond()).isEqualTo(500);
        assertThat(t.megabytesPerSecond()).isEqualTo(1.0);
        assertThatThrownBy(() -> ThroughputStats.over(1, 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RunClock(10, 5, 20))
                .hasMessageContaining("phases out of order");
    }
}
