package io.tideway.broker.internal.partition;

import io.tideway.broker.Partition.EpochEndOffset;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader epochs of a partition and the offset each started at, kept in
 * {@value #FILE_NAME} in Kafka's text format: a version line ({@code 0}), a count line, then one
 * {@code <epoch> <startOffset>} line per epoch. On a single node there is one epoch, 0, starting
 * at the log start offset; the structure is Kafka's so that leadership changes can add epochs.
 *
 * <p>OffsetForLeaderEpoch follows Kafka's {@code LeaderEpochFileCache.endOffsetFor}: the current
 * epoch ends at the log end offset; an older one ends where the next one starts (answered with the
 * largest known epoch at or below it); an epoch above every known one, or -1, is undefined
 * (-1, -1).
 *
 * <p>Thread contract: not thread-safe; owned by the partition (its context, or a worker running a
 * blocking call on its behalf). {@link #load} and the mutators write the file: blocking.
 * Invariants: start offsets increase with epochs; the first start offset is the log start offset.
 */
final class LeaderEpochCache {

  static final String FILE_NAME = "leader-epoch-checkpoint";
  private static final Logger log = LoggerFactory.getLogger(LeaderEpochCache.class);
  private static final int UNDEFINED = -1;

  private final Path file;
  private final TreeMap<Integer, Long> epochs = new TreeMap<>();

  private LeaderEpochCache(Path file) {
    this.file = file;
  }

  /**
   * Reads the checkpoint of {@code partitionDir} (a missing or damaged one starts afresh), drops
   * epochs that start at or past the log end (lost to crash recovery) and makes sure
   * {@code leaderEpoch} is recorded. Blocking.
   */
  static LeaderEpochCache load(Path partitionDir, int leaderEpoch, long logStartOffset,
      long logEndOffset) throws IOException {
    LeaderEpochCache cache = new LeaderEpochCache(partitionDir.resolve(FILE_NAME));
    boolean dirty = !cache.read();
    if (cache.epochs.values().removeIf(start -> start > logEndOffset)) {
      dirty = true;
    }
    if (cache.epochs.isEmpty() || cache.latestEpoch() < leaderEpoch) {
      // Existing data predates the checkpoint: it was written in this (the only) epoch.
      cache.epochs.put(leaderEpoch, cache.epochs.isEmpty() ? logStartOffset : logEndOffset);
      dirty = true;
    }
    dirty |= cache.moveStart(logStartOffset);
    if (dirty) {
      cache.write();
    }
    return cache;
  }

  /** The latest epoch, or -1 when none. */
  int latestEpoch() {
    return epochs.isEmpty() ? UNDEFINED : epochs.lastKey();
  }

  /** Kafka's answer to OffsetForLeaderEpoch for {@code requested}. */
  EpochEndOffset endOffsetFor(int requested, long logEndOffset) {
    if (requested == UNDEFINED || epochs.isEmpty()) {
      return new EpochEndOffset(UNDEFINED, UNDEFINED);
    }
    if (requested == epochs.lastKey()) {
      return new EpochEndOffset(requested, logEndOffset);
    }
    Map.Entry<Integer, Long> higher = epochs.higherEntry(requested);
    if (higher == null) {
      return new EpochEndOffset(UNDEFINED, UNDEFINED);
    }
    Map.Entry<Integer, Long> floor = epochs.floorEntry(requested);
    return floor == null ? new EpochEndOffset(requested, higher.getValue())
        : new EpochEndOffset(floor.getKey(), higher.getValue());
  }

  /** After the log start offset moved up: epochs wholly below it go, the first starts there. */
  void truncateFromStart(long logStartOffset) throws IOException {
    if (moveStart(logStartOffset)) {
      write();
    }
  }

  /** A copy of the epochs and their start offsets. */
  Map<Integer, Long> entries() {
    return new TreeMap<>(epochs);
  }

  private boolean moveStart(long logStartOffset) {
    Map.Entry<Integer, Long> floor = null;
    for (Map.Entry<Integer, Long> entry : epochs.entrySet()) {
      if (entry.getValue() <= logStartOffset) {
        floor = entry;
      }
    }
    if (floor == null || floor.getValue() == logStartOffset) {
      return false;
    }
    int keep = floor.getKey();
    epochs.headMap(keep, false).clear();
    epochs.put(keep, logStartOffset);
    return true;
  }

  /** Reads the file; false when it is missing or unreadable (then the cache is empty). */
  private boolean read() throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return false;
    }
    try {
      if (lines.size() < 2 || Integer.parseInt(lines.get(0).trim()) != 0) {
        throw new IllegalArgumentException("unknown version or missing count");
      }
      int count = Integer.parseInt(lines.get(1).trim());
      if (lines.size() < 2 + count) {
        throw new IllegalArgumentException("declares " + count + " entries, holds fewer");
      }
      for (int i = 0; i < count; i++) {
        String[] parts = lines.get(2 + i).trim().split("\\s+");
        epochs.put(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
      }
      return true;
    } catch (RuntimeException e) {
      log.atWarn().setMessage("Ignoring a damaged leader epoch checkpoint")
          .addKeyValue("file", file).addKeyValue("reason", e.toString()).log();
      epochs.clear();
      return false;
    }
  }

  private void write() throws IOException {
    StringBuilder text = new StringBuilder("0\n").append(epochs.size()).append('\n');
    epochs.forEach((epoch, start) -> text.append(epoch).append(' ').append(start).append('\n'));
    Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    Utils.atomicMoveWithFallback(tmp, file);
  }
}
