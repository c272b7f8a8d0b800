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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each segment's index files should hold, kept in {@value LogFileNames#INDEX_SUMMARY} of the
 * partition directory: the entry counts of the offset, time and transaction indexes, the CRC32C of
 * the {@code .txnindex} bytes, and the segment's max timestamp. Kafka's index formats have no
 * checksum. A file cut at an entry boundary (or deleted) reads as a shorter index: a
 * {@code .txnindex} as "fewer aborted transactions" (a {@code read_committed} consumer would see
 * aborted records), a {@code .timeindex} as a lower max timestamp (wrong ListOffsets answers, and
 * retention deleting the segment early). Checked against this summary on open, such damage is found
 * and the index rebuilt from the log instead.
 *
 * <p>The summary lists the sealed segments after each roll and after a rebuild, and every segment
 * when the log closes cleanly (the active segment's indexes are trusted only after a clean
 * shutdown; otherwise they are rebuilt anyway). A segment it does not list (sealed before the
 * summary existed, or between a roll and its fsync) is trusted as before. A damaged summary checks
 * nothing and is logged.
 *
 * <p>Format: text lines {@code 1} (version), the segment count, one {@code <baseOffset>
 * <txnEntries> <txnCrc32c> <offsetEntries> <timeEntries> <maxTimestamp>} line per segment, and
 * the CRC32C of the lines before it. Replaced atomically (temporary file, fsync, rename, directory
 * fsync).
 *
 * <p>Thread contract: {@link #read} runs on the thread opening the log; writes run on the log
 * directory's flusher thread only (after a roll's fsync, or as tasks queued with
 * {@link LogDirFlusher#execute}), so they apply in submission order; {@link #snapshot} runs on the
 * log's owner.
 */
final class IndexSummary {

  /** One segment's expected indexes. */
  record Entry(long baseOffset, int txnEntries, long txnChecksum, int offsetEntries,
      int timeEntries, long maxTimestamp) {
  }

  private static final Logger log = LoggerFactory.getLogger(IndexSummary.class);
  private static final String VERSION = "1";

  private final Path file;
  private final LogDirFlusher flusher;

  IndexSummary(Path dir, LogDirFlusher flusher) {
    this.file = dir.resolve(LogFileNames.INDEX_SUMMARY);
    this.flusher = flusher;
  }

  Path file() {
    return file;
  }

  /** The listed segments by base offset; empty when the file is absent or damaged (logged). */
  Map<Long, Entry> read() throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      return Map.of();
    }
    try {
      if (lines.size() < 3 || !VERSION.equals(lines.get(0))) {
        throw new IllegalArgumentException("unknown version or too short");
      }
      int count = Integer.parseInt(lines.get(1));
      if (count < 0 || lines.size() != count + 3) {
        throw new IllegalArgumentException("declares " + count + " segments in "
            + lines.size() + " lines");
      }
      String body = String.join("\n", lines.subList(0, count + 2)) + "\n";
      if (!lines.get(count + 2).equals(Long.toString(crc(body)))) {
        throw new IllegalArgumentException("checksum mismatch");
      }
      Map<Long, Entry> entries = new HashMap<>();
      for (String line : lines.subList(2, count + 2)) {
        String[] fields = line.split(" ");
        Entry entry = new Entry(Long.parseLong(fields[0]), Integer.parseInt(fields[1]),
            Long.parseLong(fields[2]), Integer.parseInt(fields[3]), Integer.parseInt(fields[4]),
            Long.parseLong(fields[5]));
        entries.put(entry.baseOffset(), entry);
      }
      return entries;
    } catch (RuntimeException e) {
      log.atWarn().setMessage("Ignoring a damaged index summary; indexes are checked only for "
              + "their shape").addKeyValue("file", file)
          .addKeyValue("reason", e.toString()).log();
      return Map.of();
    }
  }

  /**
   * The summary of {@code segments}' indexes as they are now (trimmed: sealed, or closing). Owner
   * thread; reads the small {@code .txnindex} files whose checksum is not known yet.
   */
  static List<Entry> snapshot(Collection<LogSegment> segments) throws IOException {
    List<Entry> entries = new ArrayList<>(segments.size());
    for (LogSegment segment : segments) {
      TransactionIndex index = segment.txnIndex();
      entries.add(new Entry(segment.baseOffset(), index.fileEntries(), index.fileChecksum(),
          segment.offsetIndex().entries(), segment.timeIndex().entries(),
          segment.maxTimestamp()));
    }
    return entries;
  }

  /**
   * Writes {@code entries} now: on the flusher thread (a flush action or task); a failure is
   * logged, never thrown.
   */
  void writeQuietly(List<Entry> entries) {
    try {
      write(entries);
    } catch (IOException e) {
      // A stale summary costs at most a rebuild of the indexes that no longer match it.
      log.atWarn().setMessage("Failed to write the index summary")
          .addKeyValue("file", file).addKeyValue("reason", e.toString()).log();
    }
  }

  /** Writes {@code entries} on the flusher after the work queued so far, and waits. Blocking. */
  void writeNow(List<Entry> entries) {
    flusher.execute(() -> writeQuietly(entries)).join();
  }

  private void write(List<Entry> entries) throws IOException {
    StringBuilder body = new StringBuilder(VERSION).append('\n').append(entries.size())
        .append('\n');
    for (Entry entry : entries) {
      body.append(entry.baseOffset()).append(' ').append(entry.txnEntries()).append(' ')
          .append(entry.txnChecksum()).append(' ').append(entry.offsetEntries()).append(' ')
          .append(entry.timeEntries()).append(' ').append(entry.maxTimestamp()).append('\n');
    }
    String text = body + Long.toString(crc(body.toString())) + "\n";
    Path tmp = file.resolveSibling(file.getFileName() + LogFileNames.TMP_SUFFIX);
    try {
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        flusher.writes().writeFully(channel, tmp,
            ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)), 0);
        flusher.fsync().force(channel, tmp);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    flusher.fsync().forceDirectory(file.getParent());
  }

  private static long crc(String text) {
    CRC32C crc = new CRC32C();
    crc.update(text.getBytes(StandardCharsets.ISO_8859_1));
    return crc.getValue();
  }
}
