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
 * What each segment's {@code .txnindex} should hold: its entry count and the CRC32C of its bytes,
 * kept in {@value LogFileNames#TXN_INDEX_SUMMARY} of the partition directory. Kafka's
 * {@code .txnindex} format has no checksum, and a missing file or a file cut at an entry boundary
 * reads as "fewer aborted transactions": a {@code read_committed} consumer would then see aborted
 * records. Checked against this summary on open, such damage is found and the index rebuilt from
 * the log instead.
 *
 * <p>The summary lists the sealed segments after each roll and after a rebuild, and every segment
 * when the log closes cleanly (the active segment's index is trusted only after a clean shutdown;
 * otherwise it is rebuilt anyway). A segment it does not list (sealed before the summary existed,
 * or in the instant between a roll and the summary's write) is trusted as before. A damaged summary
 * checks nothing and is logged.
 *
 * <p>Format: text lines {@code 1} (version), the segment count, one {@code <baseOffset>
 * <entries> <crc32c>} line per segment, and the CRC32C of the lines before it. Replaced atomically
 * (temporary file, fsync, rename, directory fsync).
 *
 * <p>Thread contract: {@link #read} runs on the thread opening the log; writes run on the log
 * directory's flusher thread only (as tasks queued with {@link LogDirFlusher#execute}), so they
 * apply in submission order; {@link #snapshot} runs on the log's owner.
 */
final class TxnIndexSummary {

  /** One segment's expected index: entry count and checksum of the file's bytes. */
  record Entry(long baseOffset, int entries, long checksum) {
  }

  private static final Logger log = LoggerFactory.getLogger(TxnIndexSummary.class);
  private static final String VERSION = "1";

  private final Path file;
  private final LogDirFlusher flusher;

  TxnIndexSummary(Path dir, LogDirFlusher flusher) {
    this.file = dir.resolve(LogFileNames.TXN_INDEX_SUMMARY);
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
            Long.parseLong(fields[2]));
        entries.put(entry.baseOffset(), entry);
      }
      return entries;
    } catch (RuntimeException e) {
      log.atWarn().setMessage("Ignoring a damaged transaction index summary; indexes are "
              + "checked only for their shape").addKeyValue("file", file)
          .addKeyValue("reason", e.toString()).log();
      return Map.of();
    }
  }

  /** The summary of {@code segments}' indexes as they are now. Owner thread; reads small files. */
  static List<Entry> snapshot(Collection<LogSegment> segments) throws IOException {
    List<Entry> entries = new ArrayList<>(segments.size());
    for (LogSegment segment : segments) {
      TransactionIndex index = segment.txnIndex();
      entries.add(new Entry(segment.baseOffset(), index.fileEntries(), index.fileChecksum()));
    }
    return entries;
  }

  /** Queues the write of {@code entries} on the flusher; a failure is logged, never thrown. */
  void schedule(List<Entry> entries) {
    flusher.execute(() -> writeQuietly(entries));
  }

  /** Writes {@code entries} on the flusher and waits. Blocking. */
  void writeNow(List<Entry> entries) {
    flusher.execute(() -> writeQuietly(entries)).join();
  }

  private void writeQuietly(List<Entry> entries) {
    try {
      write(entries);
    } catch (IOException e) {
      // A stale summary costs at most a rebuild of the indexes that no longer match it.
      log.atWarn().setMessage("Failed to write the transaction index summary")
          .addKeyValue("file", file).addKeyValue("reason", e.toString()).log();
    }
  }

  private void write(List<Entry> entries) throws IOException {
    StringBuilder body = new StringBuilder(VERSION).append('\n').append(entries.size())
        .append('\n');
    for (Entry entry : entries) {
      body.append(entry.baseOffset()).append(' ').append(entry.entries()).append(' ')
          .append(entry.checksum()).append('\n');
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
