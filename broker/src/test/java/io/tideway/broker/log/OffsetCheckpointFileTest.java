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
        new OffsetCheckpointFile(dir.resolve("x.checkpoint"), Fsync.DATASYNC,
        FileWrites.DIRECT);
    assertThat(checkpoint.read()).isEmpty();

    checkpoint.write(42);
    checkpoint.write(4242);

    assertThat(checkpoint.read()).hasValue(4242);
    assertThat(Files.readString(checkpoint.file())).startsWith("1\n4242\n");
    assertThat(dir.resolve("x.checkpoint.tmp")).doesNotExist();
  }

  @Test
  void treatsAMalformedFileAsAbsent() throws Exception {
    OffsetCheckpointFile checkpoint =
        new OffsetCheckpointFile(dir.resolve("x.checkpoint"), Fsync.DATASYNC,
        FileWrites.DIRECT);
    Files.writeString(checkpoint.file(), "0\nnot-a-number\n");
    assertThat(checkpoint.read()).isEmpty();
    Files.writeString(checkpoint.file(), "7\n12\n");
    assertThat(checkpoint.read()).isEmpty();
    Files.writeString(checkpoint.file(), "0\n-5\n");
    assertThat(checkpoint.read()).isEmpty();
  }

  @Test
  void readsTheUncheckedVersionZeroFormat() throws Exception {
    OffsetCheckpointFile checkpoint = new OffsetCheckpointFile(dir.resolve("x.checkpoint"),
        Fsync.DATASYNC, FileWrites.DIRECT);
    Files.writeString(checkpoint.file(), "0\n17\n");
    assertThat(checkpoint.read()).hasValue(17);
  }

  @Test
  void aFlippedDigitIsDamageNotAnotherOffset() throws Exception {
    OffsetCheckpointFile checkpoint = new OffsetCheckpointFile(dir.resolve("x.checkpoint"),
        Fsync.DATASYNC, FileWrites.DIRECT);
    checkpoint.write(4242);
    String text = Files.readString(checkpoint.file());
    Files.writeString(checkpoint.file(), text.replaceFirst("4242", "4342"));

    OffsetCheckpointFile.Contents contents = checkpoint.readContents();
    assertThat(contents.state()).isEqualTo(OffsetCheckpointFile.State.DAMAGED);
    assertThat(contents.problem()).contains("checksum");
    assertThat(checkpoint.read()).isEmpty();
  }

  @Test
  void aFailedWriteKeepsTheOldValueAndLeavesNoTemporaryFile() throws Exception {
    FileWrites full = (channel, path, source, position) -> {
      throw new java.io.IOException("No space left on device");
    };
    new OffsetCheckpointFile(dir.resolve("x.checkpoint"), Fsync.DATASYNC, FileWrites.DIRECT)
        .write(7);
    OffsetCheckpointFile checkpoint =
        new OffsetCheckpointFile(dir.resolve("x.checkpoint"), Fsync.DATASYNC, full);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> checkpoint.write(8))
        .hasMessageContaining("No space left");
    assertThat(checkpoint.read()).hasValue(7);
    assertThat(dir.resolve("x.checkpoint.tmp")).doesNotExist();
  }
}
