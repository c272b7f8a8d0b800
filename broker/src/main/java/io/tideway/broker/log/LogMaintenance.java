package io.tideway.broker.log;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations that remove data from a partition log: retention, delete-records and
 * truncation. {@link PartitionLog} delegates to it and turns I/O errors into an offline log.
 *
 * <p>Thread contract: not thread-safe; runs on the log's owner or on a worker on its behalf. Every
 * method is blocking (renames, deletes, checkpoint fsyncs, waits on the flusher).
 */
final class LogMaintenance {

  private static final Logger log = LoggerFactory.getLogger(LogMaintenance.class);

  private final LogSegments segments;
  private final SegmentReader reader;
  private final OffsetCheckpointFile logStartCheckpoint;
  private final RecoveryPoint recoveryPoint;
  private final FileWrites writes;

  LogMaintenance(LogSegments segments, SegmentReader reader,
      OffsetCheckpointFile logStartCheckpoint, RecoveryPoint recoveryPoint, FileWrites writes) {
    this.segments = segments;
    this.writes = writes;
    this.reader = reader;
    this.logStartCheckpoint = logStartCheckpoint;
    this.recoveryPoint = recoveryPoint;
  }

  /**
   * Removes sealed segments, oldest first, while {@link LogRetention} says so, moving the log
   * start offset to the next segment's base offset.
   *
   * @param applyRetention false to remove only segments wholly below the log start offset
   */
  void deleteSegments(LogConfig config, long nowMs, boolean applyRetention) throws IOException {
    while (segments.count() > 1) {
      LogSegment oldest = segments.oldest();
      long nextBase = segments.nextBaseOffset(oldest);
      long timestamp = oldest.maxTimestamp() != RecordBatch.NO_TIMESTAMP ? oldest.maxTimestamp()
          : Files.getLastModifiedTime(oldest.logPath()).toMillis();
      SegmentListener.DeleteReason reason = LogRetention.reasonToDelete(oldest.info(), nextBase,
          segments.sizeInBytes(), segments.logStartOffset(), timestamp, config, nowMs,
          applyRetention);
      if (reason == null) {
        break;
      }
      segments.remove(oldest, reason, nowMs, config.fileDeleteDelayMs());
      segments.setLogStartOffset(Math.max(segments.logStartOffset(), nextBase));
    }
    // Aborted transactions wholly below the log start can no longer matter to a fetch.
    segments.oldest().txnIndex().forgetBefore(segments.logStartOffset());
  }

  /**
   * Persists a higher log start offset, then drops the segments wholly below it.
   *
   * @throws WriteRolledBackException if the checkpoint cannot be written: nothing changed
   */
  long deleteRecordsBefore(long offset, LogConfig config, long nowMs) throws IOException {
    if (offset > segments.logEndOffset()) {
      throw new OffsetOutOfRangeException("Cannot delete records before " + offset + " in "
          + segments.dir() + ": the log ends at " + segments.logEndOffset());
    }
    if (offset > segments.logStartOffset()) {
      try {
        logStartCheckpoint.write(offset);
      } catch (IOException e) {
        throw new WriteRolledBackException(logStartCheckpoint.file(), e); // the old file stands
      }
      segments.setLogStartOffset(offset);
      deleteSegments(config, nowMs, false);
    }
    return segments.logStartOffset();
  }

  /** Cuts the log before the batch containing {@code offset}; returns the new log end offset. */
  long truncateTo(long offset, LogConfig config, long nowMs) throws IOException {
    if (offset < segments.logStartOffset()) {
      throw new OffsetOutOfRangeException("Cannot truncate " + segments.dir() + " to " + offset
          + ", below the log start offset " + segments.logStartOffset());
    }
    if (offset >= segments.logEndOffset()) {
      return segments.logEndOffset();
    }
    LogSegment keep = segments.floor(offset);
    for (LogSegment later : segments.after(keep)) {
      segments.remove(later, SegmentListener.DeleteReason.TRUNCATION, nowMs,
          config.fileDeleteDelayMs());
    }
    if (keep.isSealed()) {
      keep.reactivate(config.segmentIndexBytes());
    }
    SegmentReader.Located cut = reader.findBatch(keep, offset);
    keep.truncateTo(cut.position(), cut.header().baseOffset());
    SegmentScanner.Result tail = SegmentRecovery.reloadTail(keep);
    if (!tail.isClean()) {
      throw new CorruptSegmentException(keep.logPath(), keep.baseOffset(), keep.nextOffset(),
          tail.problem());
    }
    segments.truncated(keep);
    if (segments.logStartOffset() > segments.logEndOffset()) {
      // The cut batch straddled the log start offset.
      segments.setLogStartOffset(segments.logEndOffset());
      logStartCheckpoint.write(segments.logStartOffset());
    }
    recoveryPoint.set(keep.baseOffset());
    log.atInfo().setMessage("Truncated log").addKeyValue("dir", segments.dir())
        .addKeyValue("requestedOffset", offset)
        .addKeyValue("logEndOffset", segments.logEndOffset()).log();
    return segments.logEndOffset();
  }

  /** Deletes every segment and restarts the log empty at {@code offset}. */
  void truncateFullyAndStartAt(long offset, LogConfig config, long nowMs) throws IOException {
    for (LogSegment segment : List.copyOf(segments.all())) {
      segments.remove(segment, SegmentListener.DeleteReason.TRUNCATION, nowMs,
          config.fileDeleteDelayMs());
    }
    segments.add(LogSegment.create(segments.dir(), offset, config.segmentIndexBytes(), nowMs,
        writes));
    segments.setLogStartOffset(offset);
    logStartCheckpoint.write(offset);
    recoveryPoint.set(offset);
    log.atInfo().setMessage("Restarted log").addKeyValue("dir", segments.dir())
        .addKeyValue("offset", offset).log();
  }
}
