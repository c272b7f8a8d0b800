package io.tideway.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write path of a partition log: validate, assign offsets (or check them), roll when the
 * active segment is full or old, write, and hand the durability request to the flusher. Rolling
 * seals the old segment and queues its flush; once that completes the recovery point advances.
 *
 * <p>A write that fails (a full disk) is undone, roll included, and surfaces as
 * {@link WriteRolledBackException}: the log is as before the call. A failed fsync, of a sealed
 * segment or of appended data under group commit, takes the log offline, since the data it
 * covered may be lost and cannot be written again.
 *
 * <p>Thread contract: owner thread only; not thread-safe. Writes go to the page cache; a roll
 * creates files and maps indexes but never fsyncs here.
 */
final class LogAppender {

  private static final Logger log = LoggerFactory.getLogger(LogAppender.class);
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final LogSegments segments;
  private final LogDirFlusher flusher;
  private final RecoveryPoint recoveryPoint;
  private final DurableOffset durableOffset;
  private final Consumer<KafkaStorageException> offline;
  private final IndexSummary summary;

  /** @param offline called (on the flusher thread) when appended data cannot be fsynced */
  LogAppender(LogSegments segments, LogDirFlusher flusher, RecoveryPoint recoveryPoint,
      DurableOffset durableOffset, IndexSummary summary,
      Consumer<KafkaStorageException> offline) {
    this.summary = summary;
    this.segments = segments;
    this.flusher = flusher;
    this.recoveryPoint = recoveryPoint;
    this.durableOffset = durableOffset;
    this.offline = offline;
  }

  /**
   * Producer batches: offsets assigned from the log end, the leader epoch stamped if not -1,
   * LogAppendTime stamped if configured.
   */
  LogAppendResult append(MemoryRecords records, int leaderEpoch, LogConfig config, long nowMs)
      throws IOException {
    ByteBuffer buffer = writableBuffer(records);
    List<BatchHeader> batches = BatchValidator.validateAll(buffer, config.maxMessageBytes(),
        BatchValidator.Mode.PRODUCER);
    checkFitsSegment(buffer.remaining(), config);
    long appendTime = config.timestampType() == TimestampType.LOG_APPEND_TIME ? nowMs : -1;
    List<BatchHeader> rewritten =
        BatchRewriter.assignOffsets(buffer, batches, segments.logEndOffset(), leaderEpoch,
            appendTime);
    return write(buffer, rewritten, config, nowMs, appendTime);
  }

  /** Replicated batches: offsets must continue the log exactly; bytes are written unchanged. */
  LogAppendResult appendPreservingOffsets(MemoryRecords records, LogConfig config, long nowMs)
      throws IOException {
    ByteBuffer buffer = records.buffer();
    List<BatchHeader> batches = BatchValidator.validateAll(buffer, Integer.MAX_VALUE,
        BatchValidator.Mode.REPLICA);
    checkFitsSegment(buffer.remaining(), config);
    BatchRewriter.checkContiguous(batches, segments.logEndOffset());
    return write(buffer, batches, config, nowMs, RecordBatch.NO_TIMESTAMP);
  }

  private LogAppendResult write(ByteBuffer buffer, List<BatchHeader> batches, LogConfig config,
      long nowMs, long appendTime) throws IOException {
    BatchHeader last = batches.get(batches.size() - 1);
    BatchHeader newest = batches.get(0);
    long records = 0;
    for (BatchHeader header : batches) {
      records += header.recordCount();
      newest = header.maxTimestamp() > newest.maxTimestamp() ? header : newest;
    }
    if (segments.active().shouldRoll(buffer.remaining(), last.lastOffset(), nowMs, config)) {
      roll(config, nowMs);
    }
    LogSegment active = segments.active();
    active.append(buffer, batches, config.indexIntervalBytes());
    CompletableFuture<Void> durable = DONE;
    if (config.flushPolicy() == LogConfig.FlushPolicy.GROUP_COMMIT) {
      long end = last.nextOffset();
      long generation = durableOffset.generation();
      durable = flusher.flush(active.dataTarget(), () -> durableOffset.advance(end, generation));
      durable.whenComplete((ignored, error) -> {
        if (error != null && !active.isDeleted()) {
          offline.accept(new KafkaStorageException("Fsync of " + active + " failed; the data "
              + "appended since the previous fsync may be lost", error));
        }
      });
    }
    return new LogAppendResult(batches.get(0).baseOffset(), last.lastOffset(),
        newest.maxTimestamp(), newest.lastOffset(), appendTime, segments.logStartOffset(),
        segments.logEndOffset(), records, buffer.remaining(), durable);
  }

  /**
   * Seals the active segment, starts the next, and has the flusher make the sealed one durable.
   *
   * @throws WriteRolledBackException if creating or sealing failed and was undone
   * @throws IOException if a failed seal could not be undone
   */
  void roll(LogConfig config, long nowMs) throws IOException {
    LogSegment sealed = segments.active();
    LogSegment fresh;
    try {
      fresh = LogSegment.create(segments.dir(), sealed.nextOffset(), config.segmentIndexBytes(),
          nowMs, flusher.writes());
    } catch (IOException e) {
      throw new WriteRolledBackException(LogFileNames.logFile(segments.dir(),
          sealed.nextOffset()), e);
    }
    List<IndexSummary.Entry> summarized;
    try {
      sealed.seal();
      List<LogSegment> nowSealed = segments.sealed();
      nowSealed.add(sealed);
      summarized = IndexSummary.snapshot(nowSealed);
    } catch (IOException e) {
      discard(fresh, e);
      sealed.reactivate(config.segmentIndexBytes()); // a failure here leaves the log damaged
      throw new WriteRolledBackException(sealed.logPath(), e);
    }
    segments.rolled(sealed, fresh);
    // The summary lists the sealed segment once its files are on disk, and before the recovery
    // point moves past it: a segment below the recovery point is then always checked.
    recoveryPoint.flushThenAdvance(sealed.allTarget(), () -> summary.writeQuietly(summarized),
        fresh.baseOffset())
        .whenComplete((ignored, error) -> {
          if (error != null && !sealed.isDeleted()) {
            log.atError().setMessage("Log offline: fsync of a sealed segment failed")
                .addKeyValue("dir", segments.dir()).addKeyValue("segment", sealed)
                .setCause(error).log();
            offline.accept(new KafkaStorageException("Fsync of sealed segment " + sealed
                + " failed", error));
          }
        });
  }

  /** Removes a segment that never joined the log after a failed roll. */
  private static void discard(LogSegment fresh, IOException failure) {
    try {
      fresh.closeAndDelete();
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }

  /** The records' buffer, or a copy when it is read-only (offsets are rewritten in place). */
  private static ByteBuffer writableBuffer(MemoryRecords records) {
    ByteBuffer buffer = records.buffer();
    if (!buffer.isReadOnly()) {
      return buffer;
    }
    ByteBuffer copy = ByteBuffer.allocate(buffer.remaining());
    copy.put(buffer.duplicate()).flip();
    return copy;
  }

  private void checkFitsSegment(int bytes, LogConfig config) {
    if (bytes > config.segmentBytes()) {
      throw new RecordBatchTooLargeException("The append of " + bytes + " bytes to "
          + segments.dir() + " exceeds segment.bytes (" + config.segmentBytes() + ")");
    }
  }
}
