package io.tideway.broker.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of one partition: a directory of segments (layout in {@link LogFileNames}) holding
 * Kafka v2 record batches exactly as produced, with offsets assigned on append.
 *
 * <p><b>Thread contract.</b> Not thread-safe. The partition's owning Vert.x event-loop context
 * is its owner and makes every call. Appends and reads only touch the page cache (positional
 * writes and reads; a roll adds a few file creations and an mmap) and run on the owner. Calls
 * marked <em>blocking</em> ({@link #open}, {@link #close}, {@link #deleteOldSegments},
 * {@link #transactionIndexRebuilt},
 * {@link #deleteRecordsBefore}, {@link #truncateTo}, {@link #truncateFullyAndStartAt}) may run on a
 * worker on the owner's behalf while the owner makes no other call. fsync never runs here: the log
 * directory's {@link LogDirFlusher} does it, and durability futures complete on its thread.
 *
 * <p><b>Storage failures.</b> An append whose write fails (a full disk, or any I/O error while
 * writing) is undone, fails with {@link KafkaStorageException}, and makes the log directory's
 * {@link LogDirWriteGuard} refuse appends to all its partitions until space returns; reads go on,
 * and appends resume without a reopen. A failed delete-records checkpoint is undone the same way.
 * Any other I/O error, a failed fsync, or a failed write that could not be undone takes the log
 * offline: every call throws {@link KafkaStorageException} until it is reopened, and it closes
 * without the clean-shutdown marker so that the next open validates what it holds.
 *
 * <p><b>Invariants.</b> Segments are contiguous and only the last (active) one is written;
 * {@code logStartOffset <= logEndOffset}; nothing below the log start offset is returned; a
 * refused or undone append leaves no byte of it in the log.
 */
public final class PartitionLog implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PartitionLog.class);

  private final Path dir;
  private final LogDirFlusher flusher;
  private final Clock clock;
  private final LogSegments segments;
  private final RecoveryPoint recoveryPoint;
  private final LogAppender appender;
  private final LogReader reader;
  private final LogMaintenance maintenance;
  private final DurableOffset durableOffset;
  private final AbortedTransactionIndex abortedTransactions;
  private final LogDirWriteGuard guard;
  private final IndexSummary txnIndexSummary;
  private LogConfig config;
  private volatile KafkaStorageException failure;
  private boolean closed;

  private PartitionLog(Path dir, LogConfig config, LogDirFlusher flusher, Clock clock,
      LogSegments segments) {
    this.dir = dir;
    this.config = config;
    this.flusher = flusher;
    this.clock = clock;
    this.segments = segments;
    this.recoveryPoint = new RecoveryPoint(dir, flusher);
    this.guard = flusher.guard();
    this.txnIndexSummary = new IndexSummary(dir, flusher);
    this.durableOffset = new DurableOffset(segments.logEndOffset());
    SegmentReader segmentReader = new SegmentReader();
    this.appender = new LogAppender(segments, flusher, recoveryPoint, durableOffset,
        txnIndexSummary, error -> failure = error);
    this.reader = new LogReader(segments, segmentReader);
    this.maintenance = new LogMaintenance(segments, segmentReader,
        LogFileNames.logStartCheckpoint(dir, flusher.fsync(), flusher.writes()), recoveryPoint,
        flusher.writes());
    this.abortedTransactions = new AbortedTransactionIndex(segments, flusher, recoveryPoint,
        txnIndexSummary);
  }

  /**
   * Opens (or creates) the log in {@code dir}, recovering it after a crash. Blocking.
   *
   * @param flusher the flusher of the log directory that contains {@code dir}
   * @param listener receives segment lifecycle events, from this call on
   * @throws CorruptSegmentException if a sealed segment is damaged (the partition stays offline)
   * @throws KafkaStorageException on any other I/O failure
   */
  public static PartitionLog open(Path dir, LogConfig config, LogDirFlusher flusher,
      SegmentListener listener, Clock clock) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(listener, "listener");
    try {
      LogSegments segments = new LogLoader(dir, config, clock.millis(), listener, flusher).load();
      return new PartitionLog(dir, config, flusher, clock, segments);
    } catch (IOException e) {
      throw new KafkaStorageException("Failed to open the log in " + dir, e);
    }
  }

  /**
   * Appends producer batches without stamping a leader epoch; see
   * {@link #append(MemoryRecords, int)}.
   */
  public LogAppendResult append(MemoryRecords records) {
    return append(records, RecordBatch.NO_PARTITION_LEADER_EPOCH);
  }

  /**
   * Appends producer batches: validates each (see {@link BatchValidator}), assigns offsets from
   * the log end by rewriting base offsets in place (the caller's buffer is modified; a read-only
   * one is copied first), stamps {@code leaderEpoch} unless it is -1, stamps LogAppendTime if
   * configured (recomputing the CRC), and writes the bytes verbatim.
   *
   * @throws org.apache.kafka.common.errors.CorruptRecordException and the other validation errors
   * @throws RecordBatchTooLargeException if the append is larger than {@code segment.bytes}
   * @throws KafkaStorageException if the log directory refuses appends or the write failed;
   *     nothing was appended
   */
  public LogAppendResult append(MemoryRecords records, int leaderEpoch) {
    ensureUsable();
    guard.checkAppend(dir, records.sizeInBytes());
    try {
      return appender.append(records, leaderEpoch, config, clock.millis());
    } catch (WriteRolledBackException e) {
      throw refuse("append", records.sizeInBytes(), e);
    } catch (IOException e) {
      throw fail("append", e);
    }
  }

  /**
   * Appends batches that keep their own offsets (replication between sites): the first must start
   * at the log end offset and each next one where the previous ended. Bytes are written unchanged.
   *
   * @throws UnexpectedAppendOffsetException on a gap or an overlap; nothing is written
   */
  public LogAppendResult appendPreservingOffsets(MemoryRecords records) {
    ensureUsable();
    guard.checkAppend(dir, records.sizeInBytes());
    try {
      return appender.appendPreservingOffsets(records, config, clock.millis());
    } catch (WriteRolledBackException e) {
      throw refuse("append", records.sizeInBytes(), e);
    } catch (IOException e) {
      throw fail("append", e);
    }
  }

  /** Reads whole batches from the one containing {@code offset}, up to the log end. */
  public FetchSlice read(long offset, int maxBytes, boolean minOneBatch) {
    return read(offset, maxBytes, minOneBatch, Long.MAX_VALUE);
  }

  /**
   * Reads whole batches from the one containing {@code offset}: at most {@code maxBytes}, but with
   * {@code minOneBatch} the first batch even when larger (KIP-74); only batches that end below
   * {@code maxOffsetExclusive} (e.g. the high watermark). A read never spans two segments.
   *
   * @return the slice; empty at the log end offset
   * @throws OffsetOutOfRangeException if {@code offset} is below the log start or above the end
   */
  public FetchSlice read(long offset, int maxBytes, boolean minOneBatch, long maxOffsetExclusive) {
    ensureUsable();
    try {
      return reader.read(offset, maxBytes, minOneBatch, maxOffsetExclusive);
    } catch (IOException e) {
      throw fail("read", e);
    }
  }

  /**
   * The earliest record at or after the log start whose timestamp is at least {@code timestamp}
   * (ListOffsets by time): the time index finds the first batch whose max timestamp reaches it,
   * and that one batch is read (decompressed if need be) to pick the record.
   */
  public Optional<TimestampAndOffset> offsetForTimestamp(long timestamp) {
    ensureUsable();
    try {
      return reader.offsetForTimestamp(timestamp);
    } catch (IOException e) {
      throw fail("timestamp lookup", e);
    }
  }

  /** The first record with the largest timestamp in the log (ListOffsets -3), or empty. */
  public Optional<TimestampAndOffset> maxTimestampAndOffset() {
    ensureUsable();
    try {
      return reader.maxTimestampAndOffset();
    } catch (IOException e) {
      throw fail("max timestamp lookup", e);
    }
  }

  /**
   * Records an aborted transaction in the {@code .txnindex} of the segment holding its ABORT
   * marker (normally the active one, right after the marker's append; during a rebuild, any).
   * Under {@code group-commit} the future completes once the entry is fsynced, on the flusher
   * thread; otherwise it is complete. If the entry cannot be written (a full disk) it is kept in
   * memory, so fetches see it, and written later (see {@link TransactionIndex}); the marker it
   * describes is already in the log, from which an unclean open rebuilds the index.
   *
   * @throws IllegalArgumentException if the marker is outside the log or not after the segment's
   *     last entry
   */
  public CompletableFuture<Void> appendAbortedTransaction(AbortedTransaction entry) {
    ensureUsable();
    try {
      return abortedTransactions.append(entry, config, (bytes, error) -> {
        log.atWarn().setMessage("Transaction index entry kept in memory until it can be written")
            .addKeyValue("dir", dir).addKeyValue("markerOffset", entry.lastOffset())
            .addKeyValue("reason", error.getMessage()).log();
        guard.onWriteFailure(dir, bytes, error);
      });
    } catch (IOException e) {
      throw fail("transaction index append", e);
    }
  }

  /**
   * The aborted transactions a {@code read_committed} fetch of {@code [fetchOffset,
   * upperBoundOffset)} must report, in marker order, as Kafka collects them: from the segment
   * holding the fetch offset onwards, those whose marker is at or after the fetch offset and whose
   * first record is before the upper bound.
   */
  public List<AbortedTransaction> abortedTransactions(long fetchOffset, long upperBoundOffset) {
    ensureUsable();
    return abortedTransactions.collect(fetchOffset, upperBoundOffset);
  }

  /**
   * Where the transaction indexes must be refilled from after this open, or empty when they are
   * complete. An unclean shutdown empties the indexes of the recovered segments, and a damaged
   * {@code .txnindex} those from its segment on; refilling them needs the producer state (an
   * aborted transaction's first offset may lie in an earlier segment), so the opener replays the
   * log from a producer snapshot at or below this offset, calls
   * {@link #appendAbortedTransaction} for every ABORT marker at or after it, then
   * {@link #transactionIndexRebuilt}.
   */
  public OptionalLong transactionIndexRebuildOffset() {
    return abortedTransactions.rebuildFrom();
  }

  /**
   * Ends the rebuild announced by {@link #transactionIndexRebuildOffset}: fsyncs the refilled
   * indexes, then lets the recovery point move past them (until then a crash repeats the
   * rebuild). Blocking.
   */
  public void transactionIndexRebuilt() {
    ensureUsable();
    try {
      abortedTransactions.rebuilt();
    } catch (IOException e) {
      throw fail("transaction index rebuild", e);
    }
  }

  /** The first offset still readable. */
  public long logStartOffset() {
    return segments.logStartOffset();
  }

  /** The offset the next appended record gets. */
  public long logEndOffset() {
    return segments.logEndOffset();
  }

  /**
   * The offset below which every record is durable per {@code log.flush.policy}: the log end
   * offset under {@code none}; under {@code group-commit}, the end of the last append whose fsync
   * completed (the flusher thread raises it; read it on the owner like every other call, e.g.
   * when a durability future's completion has hopped back to the owner).
   */
  public long durableEndOffset() {
    return config.flushPolicy() == LogConfig.FlushPolicy.GROUP_COMMIT
        ? Math.min(durableOffset.get(), logEndOffset()) : logEndOffset();
  }

  /** Bytes in all segments. */
  public long sizeInBytes() {
    return segments.sizeInBytes();
  }

  /** A snapshot of the segments, oldest first; the last is the active one. */
  public List<SegmentInfo> segments() {
    return segments.infos();
  }

  public Path dir() {
    return dir;
  }

  public LogConfig config() {
    return config;
  }

  /** Applies new settings; segment and index sizes affect segments created from now on. */
  public void updateConfig(LogConfig newConfig) {
    this.config = Objects.requireNonNull(newConfig, "newConfig");
  }

  /** Seals the active segment now if it holds any batch; returns the active base offset. */
  public long roll() {
    ensureUsable();
    if (!segments.active().isEmpty()) {
      rollOrFail(clock.millis());
    }
    return segments.active().baseOffset();
  }

  /** Seals the active segment if it is older than {@code segment.ms}; true if it rolled. */
  public boolean rollIfExpired() {
    ensureUsable();
    long now = clock.millis();
    boolean expired = segments.active().isExpiredForRoll(now, config);
    if (expired) {
      rollOrFail(now);
    }
    return expired;
  }

  private void rollOrFail(long now) {
    try {
      appender.roll(config, now);
    } catch (WriteRolledBackException e) {
      throw refuse("roll", 0, e);
    } catch (IOException e) {
      throw fail("roll", e);
    }
  }

  /** Requests an fsync of the active segment; completes on the flusher thread. */
  public CompletableFuture<Void> flush() {
    ensureUsable();
    return flusher.flush(segments.active().dataTarget());
  }

  /**
   * Applies retention to sealed segments, oldest first (see {@link LogRetention}); the log start
   * offset moves to the next segment's base offset. Files go after {@code file.delete.delay.ms}.
   * Blocking (renames and deletes files).
   *
   * @return the number of segments removed
   */
  public int deleteOldSegments() {
    ensureUsable();
    int before = segments.count();
    try {
      maintenance.deleteSegments(config, clock.millis(), true);
    } catch (IOException e) {
      throw fail("segment deletion", e);
    }
    segments.purgeExpired(clock.millis());
    return before - segments.count();
  }

  /**
   * Moves the log start offset to {@code offset} (delete-records), persisting it atomically, and
   * removes the segments wholly below it. Blocking (fsync of the checkpoint file).
   *
   * @return the log start offset afterwards (unchanged if {@code offset} is below it)
   * @throws OffsetOutOfRangeException if {@code offset} is beyond the log end offset
   * @throws KafkaStorageException if the checkpoint cannot be written (nothing changed) or the
   *     segments cannot be removed (the log goes offline)
   */
  public long deleteRecordsBefore(long offset) {
    ensureUsable();
    try {
      return maintenance.deleteRecordsBefore(offset, config, clock.millis());
    } catch (WriteRolledBackException e) {
      throw refuse("delete-records", 0, e);
    } catch (IOException e) {
      throw fail("delete-records", e);
    }
  }

  /**
   * Removes every record at or after {@code offset}. Batches are atomic, so the batch containing
   * {@code offset} goes entirely: the new log end is its base offset. Later segments are deleted
   * and the segment holding the cut becomes the active one. Blocking.
   *
   * @return the new log end offset
   * @throws OffsetOutOfRangeException if {@code offset} is below the log start offset
   */
  public long truncateTo(long offset) {
    ensureUsable();
    try {
      long end = maintenance.truncateTo(offset, config, clock.millis());
      durableOffset.truncatedTo(end);
      return end;
    } catch (IOException e) {
      throw fail("truncation", e);
    }
  }

  /**
   * Deletes every segment and restarts the log empty at {@code offset} (log start and end), e.g.
   * before mirroring a remote partition from its log start. Blocking.
   */
  public void truncateFullyAndStartAt(long offset) {
    ensureUsable();
    try {
      maintenance.truncateFullyAndStartAt(offset, config, clock.millis());
      durableOffset.truncatedTo(-1);
      durableOffset.advance(offset, durableOffset.generation());
    } catch (IOException e) {
      throw fail("truncation", e);
    }
  }

  /**
   * Flushes everything, records the recovery point, closes the files and writes the clean-shutdown
   * marker so the next open skips recovery. Blocking. Idempotent. A log that failed closes without
   * the marker, and so does one whose transaction index entries still cannot be written: the next
   * open recovers the active segment and rebuilds them from the log.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      boolean healthy = failure == null && pendingTxnEntriesWritten();
      if (healthy) {
        LogSegment active = segments.active();
        active.trimIndexes();
        flusher.flush(active.allTarget()).join();
        if (segments.txnIndexRebuildFrom().isEmpty()) {
          // Every index is complete: list them all, the active one included.
          txnIndexSummary.writeNow(IndexSummary.snapshot(segments.all()));
        }
        recoveryPoint.set(active.nextOffset());
      }
      segments.closeAll();
      if (healthy) {
        Files.createFile(dir.resolve(LogFileNames.CLEAN_SHUTDOWN));
        flusher.fsync().forceDirectory(dir);
      }
    } catch (IOException | RuntimeException e) {
      throw new KafkaStorageException("Failed to close the log in " + dir, e);
    }
  }

  /** Writes the active segment's pending transaction index entries; false if that fails. */
  private boolean pendingTxnEntriesWritten() {
    try {
      segments.active().txnIndex().writePending();
      return true;
    } catch (IOException e) {
      log.atWarn().setMessage("Closing without the clean-shutdown marker: transaction index "
              + "entries cannot be written; the next open rebuilds them from the log")
          .addKeyValue("dir", dir).addKeyValue("reason", e.getMessage()).log();
      return false;
    }
  }

  /** Failure injection for crash tests: as if the process died (no flush, trim or marker). */
  void abandon() {
    closed = true;
    segments.abandon();
  }

  /** The live segments by base offset (package view, e.g. for tests). */
  TreeMap<Long, LogSegment> segmentMap() {
    return segments.map();
  }

  private void ensureUsable() {
    if (closed) {
      throw new KafkaStorageException("The log in " + dir + " is closed");
    }
    KafkaStorageException cause = failure;
    if (cause != null) {
      throw new KafkaStorageException("The log in " + dir + " is offline", cause);
    }
  }

  /** An undone write: the log stays usable, its directory refuses appends until space returns. */
  private KafkaStorageException refuse(String operation, long bytes, WriteRolledBackException e) {
    guard.onWriteFailure(dir, bytes, e.failure());
    return new KafkaStorageException("I/O error during " + operation + " in " + dir
        + ", nothing was written: " + e.failure().getMessage(), e.failure());
  }

  private KafkaStorageException fail(String operation, IOException e) {
    KafkaStorageException error =
        new KafkaStorageException("I/O error during " + operation + " in " + dir, e);
    failure = error;
    log.atError().setMessage("Log offline after an I/O error").addKeyValue("dir", dir)
        .addKeyValue("operation", operation).setCause(e).log();
    return error;
  }

  @Override
  public String toString() {
    return "PartitionLog[" + dir + ", " + logStartOffset() + ".." + logEndOffset() + "]";
  }
}
