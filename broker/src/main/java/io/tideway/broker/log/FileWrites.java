package io.tideway.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The one place where the log writes bytes into its files: segment data, index pages reserved
 * ahead of mapped stores, transaction index entries and checkpoint files. {@link #DIRECT} writes
 * through the channel; tests inject failures (a partial write followed by "No space left on
 * device") to exercise the paths that undo a failed append.
 *
 * <p>Thread contract: called on a partition's owner thread, or on a worker running a blocking
 * log call for it; implementations must be thread-safe. Invariant: a call either writes some
 * bytes of {@code source} at {@code position} (advancing its position by the count returned) or
 * throws, possibly after writing part of it, as a real {@code pwrite} on a full disk does.
 */
@FunctionalInterface
public interface FileWrites {

  /** Positional writes through the channel, as in production. */
  FileWrites DIRECT = (channel, path, source, position) -> channel.write(source, position);

  /**
   * Writes bytes from {@code source} at {@code position} of the file.
   *
   * @param path the file the channel is open on, for failure injection and messages
   * @return the number of bytes written
   */
  int write(FileChannel channel, Path path, ByteBuffer source, long position) throws IOException;

  /** Writes all of {@code source} at {@code position}, looping over short writes. */
  default void writeFully(FileChannel channel, Path path, ByteBuffer source, long position)
      throws IOException {
    long at = position;
    while (source.hasRemaining()) {
      at += write(channel, path, source, at);
    }
  }
}
