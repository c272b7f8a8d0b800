package io.tideway.broker.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OffsetCheckpointFileTest {

  @TempDir
  Path dir;

  @Test
  void writesAtomicallyAndReadsBack() throws Exception {
    OffsetCheckpointFile checkpoint =
        new OffsetCheckpointFile(dir.resolve("x.checkpoint"), Fsync.DATASYNC);
    assertThat(checkpoint.read()).isEmpty();

    checkpoint.write(42);
    checkpoint.write(4242);

    assertThat(checkpoint.read()).hasValue(4242);
    assertThat(Files.readString(checkpoint.file())).isEqualTo("0\n4242\n");
    assertThat(dir.resolve("x.checkpoint.tmp")).doesNotExist();
  }

  @Test
  void treatsAMalformedFileAsAbsent() throws Exception {
    OffsetCheckpointFile checkpoint =
        new OffsetCheckpointFile(dir.resolve("x.checkpoint"), Fsync.DATASYNC);
    Files.writeString(checkpoint.file(), "0\nnot-a-number\n");
    assertThat(checkpoint.read()).isEmpty();
    Files.writeString(checkpoint.file(), "7\n12\n");
    assertThat(checkpoint.read()).isEmpty();
    Files.writeString(checkpoint.file(), "0\n-5\n");
    assertThat(checkpoint.read()).isEmpty();
  }
}
