package io.tideway.broker.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogRetentionTest {

  private static final SegmentInfo OLDEST =
      new SegmentInfo(0, 99, 1_000, 5_000, true, Path.of("00000000000000000000.log"));

  private static SegmentListener.DeleteReason reason(LogConfig config, long logBytes,
      long logStart, long now, boolean retention) {
    return LogRetention.reasonToDelete(OLDEST, 100, logBytes, logStart, OLDEST.maxTimestamp(),
        config, now, retention);
  }

  @Test
  void aSegmentWhollyBelowTheLogStartAlwaysGoes() {
    LogConfig keepAll = LogConfig.from(Map.of("retention.ms", -1));
    assertThat(reason(keepAll, 0, 100, 0, false))
        .isEqualTo(SegmentListener.DeleteReason.LOG_START_OFFSET);
    assertThat(reason(keepAll, 0, 99, 0, true)).isNull();
  }

  @Test
  void timeRetentionComparesTheNewestTimestampWithRetentionMs() {
    LogConfig config = LogConfig.from(Map.of("retention.ms", 1_000));
    assertThat(reason(config, 0, 0, 6_000, true)).isNull();
    assertThat(reason(config, 0, 0, 6_001, true))
        .isEqualTo(SegmentListener.DeleteReason.RETENTION_TIME);
    assertThat(reason(config, 0, 0, 6_001, false)).isNull();
  }

  @Test
  void sizeRetentionDeletesWhileTheRestStillMeetsTheLimit() {
    LogConfig config = LogConfig.from(Map.of("retention.ms", -1, "retention.bytes", 2_000L));
    assertThat(reason(config, 3_000, 0, 0, true))
        .isEqualTo(SegmentListener.DeleteReason.RETENTION_SIZE);
    assertThat(reason(config, 2_999, 0, 0, true)).isNull();
    assertThat(reason(LogConfig.from(Map.of("retention.ms", -1)), 1L << 40, 0, 0, true)).isNull();
  }
}
