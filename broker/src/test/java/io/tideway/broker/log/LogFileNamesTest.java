package io.tideway.broker.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LogFileNamesTest {

  @Test
  void namesSegmentsByTwentyDigitBaseOffsets() {
    Path dir = Path.of("/data/t-0");
    assertThat(LogFileNames.logFile(dir, 0)).hasToString("/data/t-0/00000000000000000000.log");
    assertThat(LogFileNames.indexFile(dir, 1234))
        .hasToString("/data/t-0/00000000000000001234.index");
    assertThat(LogFileNames.timeIndexFile(dir, Long.MAX_VALUE))
        .hasToString("/data/t-0/09223372036854775807.timeindex");
    assertThat(LogFileNames.deleted(LogFileNames.logFile(dir, 5)))
        .hasToString("/data/t-0/00000000000000000005.log.deleted");
    assertThatThrownBy(() -> LogFileNames.baseName(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parsesOnlyWellFormedNames() {
    assertThat(LogFileNames.parseBaseOffset("00000000000000001234.log", ".log")).isEqualTo(1234);
    assertThat(LogFileNames.parseBaseOffset("00000000000000001234.index", ".log")).isEqualTo(-1);
    assertThat(LogFileNames.parseBaseOffset("1234.log", ".log")).isEqualTo(-1);
    assertThat(LogFileNames.parseBaseOffset("0000000000000000123x.log", ".log")).isEqualTo(-1);
    assertThat(LogFileNames.parseBaseOffset("99999999999999999999.log", ".log")).isEqualTo(-1);
  }
}
