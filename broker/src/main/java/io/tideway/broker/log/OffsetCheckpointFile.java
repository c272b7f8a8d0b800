package io.tideway.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A one-offset checkpoint file in a partition directory, replaced atomically: the new value is
 * written to {@code <name>.tmp}, fsynced, renamed over the old file and the directory fsynced, so
 * a crash leaves either the old or the new value. Format: two text lines, the format version
 * ({@code 0}) and the offset.
 *
 * <p>Thread contract: not thread-safe; each file has a single writer (the log start offset: the
 * log's owner; the recovery point: the log directory's flusher thread). Blocking: every method
 * does file I/O, {@link #write} fsyncs twice (through the log directory's {@link Fsync}).
 */
final class OffsetCheckpointFile {

  private static final Logger log = LoggerFactory.getLogger(OffsetCheckpointFile.class);
  private static final String VERSION = "0";

  private final Path file;
  private final Fsync fsync;

  OffsetCheckpointFile(Path file, Fsync fsync) {
    this.file = file;
    this.fsync = fsync;
  }

  Path file() {
    return file;
  }

  /** The stored offset, or empty if the file is absent or unreadable (logged). */
  OptionalLong read() throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      return OptionalLong.empty();
    }
    try {
      if (lines.size() == 2 && VERSION.equals(lines.get(0).trim())) {
        long offset = Long.parseLong(lines.get(1).trim());
        if (offset >= 0) {
          return OptionalLong.of(offset);
        }
      }
    } catch (NumberFormatException e) {
      // fall through to the warning
    }
    log.atWarn().setMessage("Ignoring malformed checkpoint file").addKeyValue("file", file)
        .addKeyValue("lines", lines.size()).log();
    return OptionalLong.empty();
  }

  /** Atomically replaces the stored offset. */
  void write(long offset) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + LogFileNames.TMP_SUFFIX);
    byte[] bytes = (VERSION + "\n" + offset + "\n").getBytes(StandardCharsets.US_ASCII);
    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      fsync.force(channel, tmp);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    fsync.forceDirectory(file.getParent());
  }
}
