package io.tideway.broker.internal.partition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs mounted on a directory for a test, so that the disk really fills up. Mounting
 * needs root (or CAP_SYS_ADMIN); where it fails the calling test is skipped, not failed.
 */
final class SmallFilesystem implements AutoCloseable {

  private final Path mountPoint;

  private SmallFilesystem(Path mountPoint) {
    this.mountPoint = mountPoint;
  }

  /** Mounts a tmpfs of {@code sizeBytes} on {@code mountPoint}, or skips the test. */
  static SmallFilesystem mount(Path mountPoint, long sizeBytes) throws IOException,
      InterruptedException {
    Files.createDirectories(mountPoint);
    int exit = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + sizeBytes, "tmpfs",
        mountPoint.toString()));
    Assumptions.assumeTrue(exit == 0, "cannot mount a tmpfs here (needs root): exit " + exit);
    return new SmallFilesystem(mountPoint);
  }

  Path path() {
    return mountPoint;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    run(List.of("umount", "-l", mountPoint.toString()));
  }

  private static int run(List<String> command) throws IOException, InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      return -1; // no mount binary
    }
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return -1;
    }
    return process.exitValue();
  }
}
