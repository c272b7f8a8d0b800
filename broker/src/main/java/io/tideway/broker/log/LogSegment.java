package io.tideway.broker.log;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One segment of a partition log: the {@code .log} file of record batches starting at
 * {@link #baseOffset()}, with its {@link OffsetIndex}, {@link TimeIndex} and
 * {@link TransactionIndex}, and the in-memory state derived from them (size, next offset, max
 * timestamp).
 *
 * <p>Reads by offset and timestamp are in {@link SegmentReader}; recovery scans are driven by
 * {@link SegmentRecovery}.
 *
 * <p>Thread contract: owned by the partition's owner thread. The flush targets
 * ({@link #dataTarget()}, {@link #allTarget()}) run on the flusher thread (see
 * {@link SegmentFiles}). Invariants: batches in the file are valid and contiguous from the base
 * offset to {@link #nextOffset()}; {@code size} is the file length; a sealed segment is never
 * appended to and its indexes are trimmed and read-only.
 */
final class LogSegment implements Closeable {

  private static final Logger log = LoggerFactory.getLogger(LogSegment.class);
  private final long baseOffset;
  private final SegmentFiles files;
  private final OffsetIndex offsetIndex;
  private final TimeIndex timeIndex;

  private int size;
  private long nextOffset;
  private long maxTimestamp = RecordBatch.NO_TIMESTAMP;
  private long offsetOfMaxTimestamp;
  private long rollBaseMs;
  private int bytesSinceLastIndexEntry;
  private boolean sealed;
  private boolean offsetIndexDistrusted;
  private boolean timeIndexMismatchReported;

  private LogSegment(long baseOffset, SegmentFiles files, long nowMs) throws IOException {
    this.baseOffset = baseOffset;
    this.files = files;
    this.offsetIndex = files.offsetIndex();
    this.timeIndex = files.timeIndex();
    this.size = (int) files.channel().size();
    this.nextOffset = baseOffset;
    this.offsetOfMaxTimestamp = baseOffset - 1;
    this.rollBaseMs = nowMs;
  }

  /** Creates a new empty, active segment; stale index files of the same name are replaced. */
  static LogSegment create(Path dir, long baseOffset, int indexBytes, long nowMs,
      FileWrites writes) throws IOException {
    return new LogSegment(baseOffset, SegmentFiles.create(dir, baseOffset, indexBytes, writes),
        nowMs);
  }

  /**
   * Opens an existing segment (creating missing index files empty). Its state is unknown until
   * {@link SegmentRecovery} restores or rebuilds it.
   *
   * @param writableIndexes map the indexes read-write and preallocated (active or rebuilding)
   * @throws CorruptIndexException if an index file has an impossible length
   */
  static LogSegment open(Path dir, long baseOffset, int indexBytes, boolean writableIndexes,
      long nowMs, FileWrites writes) throws IOException {
    SegmentFiles files = SegmentFiles.open(dir, baseOffset, indexBytes, writableIndexes, writes);
    try {
      return new LogSegment(baseOffset, files, nowMs);
    } catch (IOException | RuntimeException e) {
      files.close();
      throw e;
    }
  }

  long baseOffset() {
    return baseOffset;
  }

  /** The offset after the last batch in this segment. */
  long nextOffset() {
    return nextOffset;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  boolean isSealed() {
    return sealed;
  }

  long maxTimestamp() {
    return maxTimestamp;
  }

  /** Last offset of the batch holding {@link #maxTimestamp()}. */
  long offsetOfMaxTimestamp() {
    return offsetOfMaxTimestamp;
  }

  Path logPath() {
    return files.logPath();
  }

  FileChannel channel() {
    return files.channel();
  }

  OffsetIndex offsetIndex() {
    return offsetIndex;
  }

  TimeIndex timeIndex() {
    return timeIndex;
  }

  TransactionIndex txnIndex() {
    return files.txnIndex();
  }

  /** False once a read found an offset index entry that does not match the log. */
  boolean offsetIndexTrusted() {
    return !offsetIndexDistrusted;
  }

  /**
   * Stops using the offset index for lookups (they walk from the segment start), after a read
   * found an entry pointing at the wrong batch. Logged once; the open checks of the next start
   * see only the index's shape, so the remedy logged is to delete the file.
   */
  void distrustOffsetIndex(String problem) {
    if (!offsetIndexDistrusted) {
      offsetIndexDistrusted = true;
      log.atWarn().setMessage("Offset index does not match the log; lookups in this segment "
              + "walk from its start (delete the index file to have the next start rebuild it)")
          .addKeyValue("file", offsetIndex.path()).addKeyValue("problem", problem).log();
    }
  }

  /** Logs, once, that a time index entry did not match the log (the search ignored it). */
  void reportTimeIndexMismatch(String problem) {
    if (!timeIndexMismatchReported) {
      timeIndexMismatchReported = true;
      log.atWarn().setMessage("Time index does not match the log; searches in this segment "
              + "skip the damaged entries (delete the index file to have the next start rebuild it)")
          .addKeyValue("file", timeIndex.path()).addKeyValue("problem", problem).log();
    }
  }

  /** Fsyncs the log file (and, the first time, the directory entry). */
  FlushTarget dataTarget() {
    return files.dataTarget();
  }

  /** Fsyncs the log file, both indexes and, the first time, the directory entry. */
  FlushTarget allTarget() {
    return files.allTarget();
  }

  SegmentInfo info() {
    return new SegmentInfo(baseOffset, nextOffset - 1, size, maxTimestamp, sealed, logPath());
  }

  /**
   * Whether appending {@code bytes} ending at {@code lastOffset} must go to a new segment: the
   * segment is non-empty and would exceed {@code segment.bytes}, is older than {@code segment.ms}
   * (by its first batch's timestamp, as Kafka does), has a full index, or the relative offset
   * would overflow.
   */
  boolean shouldRoll(int bytes, long lastOffset, long nowMs, LogConfig config) {
    if (size == 0) {
      return false;
    }
    return size > config.segmentBytes() - bytes
        || nowMs - rollBaseMs > config.segmentMs()
        || offsetIndex.isFull()
        || timeIndex.isFull()
        || lastOffset - baseOffset > Integer.MAX_VALUE;
  }

  /** Whether the segment is non-empty and older than {@code segment.ms}. */
  boolean isExpiredForRoll(long nowMs, LogConfig config) {
    return size > 0 && nowMs - rollBaseMs > config.segmentMs();
  }

  /**
   * Writes the validated batches in {@code records} (position to limit) at the end of the file and
   * indexes them. The index pages the batches may need are reserved first, so that once the data
   * is written indexing cannot fail.
   *
   * @throws WriteRolledBackException if a write failed and was undone (the file cut back to its
   *     previous length): the segment is unchanged
   * @throws IOException if a failed write could not be undone: the segment is damaged
   */
  void append(ByteBuffer records, List<BatchHeader> batches, int indexIntervalBytes)
      throws IOException {
    if (sealed) {
      throw new IllegalStateException("Segment " + logPath() + " is sealed");
    }
    try {
      offsetIndex.reserve(batches.size());
      timeIndex.reserve(batches.size());
    } catch (IOException e) {
      throw new WriteRolledBackException(offsetIndex.path(), e);
    }
    FileChannel channel = files.channel();
    try {
      files.writes().writeFully(channel, logPath(), records.duplicate(), size);
    } catch (IOException e) {
      try {
        channel.truncate(size);
      } catch (IOException cut) {
        e.addSuppressed(cut);
        throw e;
      }
      throw new WriteRolledBackException(logPath(), e);
    }
    int position = size;
    for (BatchHeader header : batches) {
      onBatch(header, position, indexIntervalBytes, true);
      position += header.sizeInBytes();
    }
    size = position;
  }

  /**
   * Updates the in-memory state for a batch at {@code position}, adding index entries every
   * {@code indexIntervalBytes} when {@code index} is set. Also used by recovery scans.
   */
  void onBatch(BatchHeader header, int position, int indexIntervalBytes, boolean index)
      throws IOException {
    if (header.maxTimestamp() > maxTimestamp) {
      maxTimestamp = header.maxTimestamp();
      offsetOfMaxTimestamp = header.lastOffset();
    }
    if (position == 0 && header.maxTimestamp() >= 0) {
      rollBaseMs = header.maxTimestamp();
    }
    if (index && bytesSinceLastIndexEntry > indexIntervalBytes
        && !offsetIndex.isFull() && !timeIndex.isFull()) {
      offsetIndex.append(header.baseOffset(), position);
      if (maxTimestamp != RecordBatch.NO_TIMESTAMP) {
        timeIndex.maybeAppend(maxTimestamp, offsetOfMaxTimestamp, false);
      }
      bytesSinceLastIndexEntry = 0;
    }
    bytesSinceLastIndexEntry += header.sizeInBytes();
    nextOffset = header.nextOffset();
  }

  /**
   * Restores the state of a sealed segment from its trimmed indexes without reading the log: the
   * end comes from the next segment, the max timestamp from the time index's sealing entry.
   *
   * @throws CorruptIndexException if an index is inconsistent with the segment
   */
  void restoreSealed(long segmentNextOffset) {
    offsetIndex.sanityCheck(size, segmentNextOffset);
    timeIndex.sanityCheck(segmentNextOffset);
    if (size > 0 && timeIndex.entries() == 0) {
      throw new CorruptIndexException(timeIndex.path(), "no entry in a non-empty sealed segment");
    }
    if (size == 0 && segmentNextOffset != baseOffset) {
      throw new CorruptIndexException(offsetIndex.path(), "empty segment before offset "
          + segmentNextOffset);
    }
    TimeIndex.TimestampOffset last = timeIndex.lastEntry();
    nextOffset = segmentNextOffset;
    maxTimestamp = last.timestamp();
    offsetOfMaxTimestamp = last.offset();
    sealed = true;
  }

  /** Forgets all batches before a rebuild scan: empty indexes, state at the base offset. */
  void resetState() {
    offsetIndex.reset();
    timeIndex.reset();
    nextOffset = baseOffset;
    maxTimestamp = RecordBatch.NO_TIMESTAMP;
    offsetOfMaxTimestamp = baseOffset - 1;
    bytesSinceLastIndexEntry = 0;
  }

  /**
   * Sets the end of the segment after a scan found valid batches up to {@code validEnd}; the file
   * is cut there if it is longer (torn or corrupted tail).
   *
   * @return the number of bytes cut
   */
  int truncateBytes(int validEnd, long scannedNextOffset) throws IOException {
    int removed = size - validEnd;
    if (removed > 0) {
      files.channel().truncate(validEnd);
      size = validEnd;
    }
    nextOffset = scannedNextOffset;
    return removed;
  }

  /**
   * Drops the batch containing {@code offset} and everything after it, with their index entries
   * (aborted transactions whose marker is dropped included).
   * The caller recomputes the max timestamp via {@link SegmentRecovery#reloadTail}.
   *
   * @return the new next offset (the dropped batch's base offset)
   */
  long truncateTo(int position, long batchBaseOffset) throws IOException {
    if (sealed) {
      throw new IllegalStateException("Reactivate " + logPath() + " before truncating it");
    }
    files.channel().truncate(position);
    size = position;
    nextOffset = batchBaseOffset;
    offsetIndex.truncateTo(batchBaseOffset);
    timeIndex.truncateTo(batchBaseOffset);
    files.txnIndex().truncateTo(batchBaseOffset);
    return nextOffset;
  }

  /** Restores max timestamp and index spacing from the time index and a scan of the tail. */
  void restoreTailState(TimeIndex.TimestampOffset lastTimeEntry, int bytesAfterLastIndexEntry) {
    maxTimestamp = lastTimeEntry.timestamp();
    offsetOfMaxTimestamp = lastTimeEntry.offset();
    bytesSinceLastIndexEntry = bytesAfterLastIndexEntry;
  }

  /** Sets the roll clock from the first batch's timestamp (after reopening). */
  void setRollBase(long timestampMs) {
    rollBaseMs = timestampMs;
  }

  /**
   * Makes the segment immutable: pending transaction index entries written, sealing time-index
   * entry, indexes trimmed and read-only. A sealed segment may sit below the recovery point,
   * where no crash recovery would repair its transaction index, so sealing fails while that
   * index has entries it cannot write. If this throws, {@link #reactivate} restores an active
   * segment.
   */
  void seal() throws IOException {
    files.txnIndex().writePending();
    if (maxTimestamp != RecordBatch.NO_TIMESTAMP) {
      timeIndex.maybeAppend(maxTimestamp, offsetOfMaxTimestamp, true);
    }
    files.trimIndexes();
    sealed = true;
  }

  /** Makes a sealed segment the active one again (after a truncation into it). */
  void reactivate(int indexBytes) throws IOException {
    files.makeIndexesWritable(indexBytes);
    sealed = false;
  }

  /** True once the segment left the log; pending flushes of it are moot. */
  boolean isDeleted() {
    return files.isDeleted();
  }

  /** Renames the files to {@code *.deleted}; reads through open channels keep working. */
  void markDeleted() throws IOException {
    files.markDeleted();
  }

  /** Closes the files and deletes them from disk. */
  void closeAndDelete() throws IOException {
    files.closeAndDelete();
  }

  /** Trims writable indexes to their entries (before the final flush on close). */
  void trimIndexes() throws IOException {
    if (!sealed) {
      files.trimIndexes();
    }
  }

  /** Closes, trimming writable indexes first so that a reopen counts their entries exactly. */
  @Override
  public void close() throws IOException {
    close(true);
  }

  /** Closes; {@code trimIndexes=false} leaves preallocated index files as a crash would. */
  void close(boolean trimIndexes) throws IOException {
    try (files) {
      if (trimIndexes) {
        trimIndexes();
      }
    }
  }

  @Override
  public String toString() {
    return logPath().toString();
  }
}
