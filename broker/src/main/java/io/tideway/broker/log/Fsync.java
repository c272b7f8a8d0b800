package io.tideway.broker.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The one place where the log forces file contents to stable storage. {@link LogDirFlusher} calls
 * it for segment data, index files and the partition directory; tests inject a counting or gating
 * implementation to observe group commit without timing.
 *
 * <p>Thread contract: called on the flusher thread of one log directory and, for checkpoint files
 * and directories, on the thread running a blocking log call (open, close, delete-records,
 * truncation); implementations must be thread-safe.
 */
@FunctionalInterface
public interface Fsync {

  /**
   * The production implementation: {@code fdatasync}. It also persists the file length, which is
   * all the metadata a later read needs; directories are synced the same way.
   */
  Fsync DATASYNC = (channel, path) -> channel.force(false);

  /**
   * Forces {@code channel}'s written data to the device.
   *
   * @param path the file (or directory) the channel is open on, for logging and observation
   */
  void force(FileChannel channel, Path path) throws IOException;

  /** Forces a directory, so that file creations, renames and deletions in it are durable. */
  default void forceDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      force(channel, dir);
    }
  }
}
