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
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A one-offset checkpoint file in a partition directory, replaced atomically: the new value is
 * written to {@code <name>.tmp}, fsynced, renamed over the old file and the directory fsynced, so
 * a crash leaves either the old or the new value.
 *
 * <p>Format v1 (written): three text lines, the version ({@code 1}), the offset, and the CRC32C
 * of the first two lines (with their line feeds) in decimal, so that a flipped digit is noticed
 * instead of read as another offset. Format v0 (still read): the version ({@code 0}) and the
 * offset.
 *
 * <p>Thread contract: not thread-safe; each file has a single writer (the log start offset: the
 * log's owner; the recovery point: the log directory's flusher thread). Blocking: every method
 * does file I/O, {@link #write} fsyncs twice (through the log directory's {@link Fsync}).
 */
final class OffsetCheckpointFile {

  /** What is in the file. */
  enum State {
    ABSENT, VALID, DAMAGED
  }

  /**
   * A read: the state, the offset when valid, and what is wrong when damaged.
   *
   * @param offset the stored offset, or -1 unless {@code state} is VALID
   * @param problem why the file cannot be used, or null
   */
  record Contents(State state, long offset, String problem) {
    static final Contents ABSENT = new Contents(State.ABSENT, -1, null);

    OptionalLong value() {
      return state == State.VALID ? OptionalLong.of(offset) : OptionalLong.empty();
    }
  }

  private static final Logger log = LoggerFactory.getLogger(OffsetCheckpointFile.class);
  private static final String VERSION_0 = "0";
  private static final String VERSION_1 = "1";

  private final Path file;
  private final Fsync fsync;
  private final FileWrites writes;

  OffsetCheckpointFile(Path file, Fsync fsync, FileWrites writes) {
    this.file = file;
    this.fsync = fsync;
    this.writes = writes;
  }

  Path file() {
    return file;
  }

  /** The stored offset, or empty if the file is absent or damaged (logged). */
  OptionalLong read() throws IOException {
    Contents contents = readContents();
    if (contents.state() == State.DAMAGED) {
      log.atWarn().setMessage("Ignoring a damaged checkpoint file").addKeyValue("file", file)
          .addKeyValue("reason", contents.problem()).log();
    }
    return contents.value();
  }

  /** What the file holds, telling an absent file from a damaged one. */
  Contents readContents() throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      return Contents.ABSENT;
    }
    String version = lines.isEmpty() ? "" : lines.get(0);
    int expectedLines = VERSION_1.equals(version) ? 3 : 2;
    if (!VERSION_0.equals(version) && !VERSION_1.equals(version)) {
      return damaged("unknown version line '" + version + "'");
    }
    if (lines.size() != expectedLines) {
      return damaged(lines.size() + " lines where " + expectedLines + " were expected");
    }
    long offset;
    try {
      offset = Long.parseLong(lines.get(1));
    } catch (NumberFormatException e) {
      return damaged("offset line '" + lines.get(1) + "' is not a number");
    }
    if (offset < 0) {
      return damaged("negative offset " + offset);
    }
    if (VERSION_1.equals(version) && !lines.get(2).equals(Long.toString(crc(offset)))) {
      return damaged("checksum " + lines.get(2) + " does not match offset " + offset);
    }
    return new Contents(State.VALID, offset, null);
  }

  /** Atomically replaces the stored offset; a failed write leaves the old file in place. */
  void write(long offset) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + LogFileNames.TMP_SUFFIX);
    String text = body(offset) + crc(offset) + "\n";
    try {
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        writes.writeFully(channel, tmp,
            ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)), 0);
        fsync.force(channel, tmp);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    fsync.forceDirectory(file.getParent());
  }

  private Contents damaged(String problem) {
    return new Contents(State.DAMAGED, -1, problem);
  }

  private static String body(long offset) {
    return VERSION_1 + "\n" + offset + "\n";
  }

  private static long crc(long offset) {
    CRC32C crc = new CRC32C();
    crc.update(body(offset).getBytes(StandardCharsets.US_ASCII));
    return crc.getValue();
  }
}
