package io.tideway.broker.log;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a partition directory and brings it to a consistent state (crash recovery).
 *
 * <ul>
 *   <li>Leftover {@code *.deleted} and {@code *.tmp} files are removed, and index files whose log
 *       file is gone.
 *   <li>With the clean-shutdown marker, sealed segments are restored from their trimmed indexes
 *       (O(1) each) and only the active segment's batches after its last index entry are read.
 *   <li>Without it, segments at or above the recovery point (normally just the active one) are
 *       scanned batch by batch (size, CRC, contiguous offsets); the first invalid batch and all
 *       that follow are cut, later segments deleted, and their indexes rebuilt. Sealed segments
 *       below the recovery point are trusted but checked cheaply (index sanity, the batches after
 *       the last index entry); a missing or corrupt index is rebuilt by a scan, and any damage
 *       found there is a {@link CorruptSegmentException}: the partition goes offline.
 *   <li>What recovery kept is then fsynced and the recovery point moved to the active segment.
 *   <li>Transaction indexes cannot be rebuilt here, since an aborted transaction's first offset
 *       and the last stable offset depend on producer state before the segment. The indexes of
 *       recovered segments, of segments whose {@code .txnindex} fails its check (reported with its
 *       path), and of every later segment are emptied, and {@link LogSegments#txnIndexRebuildFrom}
 *       tells the opener where to refill them from the log (see
 *       {@link PartitionLog#transactionIndexRebuildOffset}). Until it has, the recovery point stays
 *       at that offset, so a crash during the rebuild repeats it.
 * </ul>
 *
 * <p>Per-segment work is in {@link SegmentRecovery}.
 *
 * <p>Thread contract: not thread-safe; runs on the thread opening the log (a worker: it is
 * blocking and may read whole segments). Listener events fire on that thread.
 */
final class LogLoader {

  private static final Logger log = LoggerFactory.getLogger(LogLoader.class);

  private final Path dir;
  private final LogConfig config;
  private final long nowMs;
  private final SegmentListener listener;
  private final LogDirFlusher flusher;

  LogLoader(Path dir, LogConfig config, long nowMs, SegmentListener listener,
      LogDirFlusher flusher) {
    this.dir = dir;
    this.config = config;
    this.nowMs = nowMs;
    this.listener = listener;
    this.flusher = flusher;
  }

  /** Loads the directory (creating it if needed) into its segments. Blocking. */
  LogSegments load() throws IOException {
    long started = System.nanoTime();
    Files.createDirectories(dir);
    List<Long> bases = cleanDirectory();
    Path marker = dir.resolve(LogFileNames.CLEAN_SHUTDOWN);
    boolean clean = Files.exists(marker);
    if (clean) {
      // Gone before anything is appended: a crash from now on must not look clean.
      Files.delete(marker);
      flusher.fsync().forceDirectory(dir);
    }
    RecoveryPoint recoveryPoint = new RecoveryPoint(dir, flusher);
    long recoverFrom = clean ? Long.MAX_VALUE : recoveryPoint.read();
    Map<Long, IndexSummary.Entry> summary = new IndexSummary(dir, flusher).read();
    SegmentRecovery recovery = new SegmentRecovery(dir, config, nowMs, listener,
        flusher.writes(), summary);
    TreeMap<Long, LogSegment> loaded = new TreeMap<>();
    List<LogSegment> sealedByRecovery = new ArrayList<>();
    long txnRebuildFrom = Long.MAX_VALUE;
    try {
      for (int i = 0; i < bases.size(); i++) {
        long base = bases.get(i);
        boolean last = i == bases.size() - 1;
        long next = last ? -1 : bases.get(i + 1);
        if (!last && next <= recoverFrom) {
          LogSegment sealed = recovery.openSealed(base, next, !clean);
          loaded.put(base, sealed);
          txnRebuildFrom = Math.min(txnRebuildFrom, checkTxnIndex(sealed, summary));
          continue;
        }
        int recoveredBefore = recovery.recoveredSegments();
        LogSegment segment = last && clean ? recovery.openActive(base) : recovery.recover(base);
        loaded.put(base, segment);
        txnRebuildFrom = Math.min(txnRebuildFrom, recovery.recoveredSegments() > recoveredBefore
            ? base : checkTxnIndex(segment, summary));
        if (!last && segment.nextOffset() == next) {
          segment.seal();
          sealedByRecovery.add(segment);
        } else if (!last) {
          log.atWarn().setMessage("Segment ends before the next one starts; dropping later ones")
              .addKeyValue("segment", segment.logPath())
              .addKeyValue("endOffset", segment.nextOffset())
              .addKeyValue("nextBaseOffset", next).log();
          dropFrom(bases.subList(i + 1, bases.size()));
          break;
        }
      }
      LogSegments segments = finish(loaded, clean, sealedByRecovery, recoveryPoint,
          txnRebuildFrom);
      log.atInfo().setMessage("Loaded partition log").addKeyValue("dir", dir)
          .addKeyValue("segments", segments.count()).addKeyValue("cleanShutdown", clean)
          .addKeyValue("recoveredSegments", recovery.recoveredSegments())
          .addKeyValue("truncatedBytes", recovery.truncatedBytes())
          .addKeyValue("txnIndexRebuildFrom", segments.txnIndexRebuildFrom())
          .addKeyValue("logStartOffset", segments.logStartOffset())
          .addKeyValue("logEndOffset", segments.logEndOffset())
          .addKeyValue("durationMs", (System.nanoTime() - started) / 1_000_000).log();
      return segments;
    } catch (IOException | RuntimeException e) {
      closeQuietly(loaded);
      throw e;
    }
  }

  /**
   * The segment's base offset if its transaction index fails its check (it must be rebuilt), else
   * {@code Long.MAX_VALUE}: its shape, and its entry count and checksum if the summary lists it.
   */
  private long checkTxnIndex(LogSegment segment, Map<Long, IndexSummary.Entry> summary)
      throws IOException {
    TransactionIndex index = segment.txnIndex();
    try {
      index.sanityCheck(segment.nextOffset());
      IndexSummary.Entry expected = summary.get(segment.baseOffset());
      if (expected != null && (expected.txnEntries() != index.fileEntries()
          || expected.txnChecksum() != index.fileChecksum())) {
        throw new CorruptIndexException(index.path(), "holds " + index.fileEntries()
            + " entries with checksum " + index.fileChecksum() + " where the summary lists "
            + expected.txnEntries() + " with checksum " + expected.txnChecksum());
      }
      return Long.MAX_VALUE;
    } catch (CorruptIndexException e) {
      log.atWarn().setMessage("Transaction index cannot be trusted; rebuilding it from the log")
          .addKeyValue("file", segment.txnIndex().path())
          .addKeyValue("baseOffset", segment.baseOffset())
          .addKeyValue("reason", e.getMessage()).log();
      return segment.baseOffset();
    }
  }

  /**
   * Creates the first segment of an empty log, settles the log start offset, after a crash makes
   * what recovery kept durable so the recovery point can move to the active segment, and empties
   * the transaction indexes that must be rebuilt.
   */
  private LogSegments finish(TreeMap<Long, LogSegment> loaded, boolean clean,
      List<LogSegment> sealedByRecovery, RecoveryPoint recoveryPoint, long txnRebuildFrom)
      throws IOException {
    OffsetCheckpointFile logStartCheckpoint =
        LogFileNames.logStartCheckpoint(dir, flusher.fsync(), flusher.writes());
    long logStart = Math.max(readLogStart(logStartCheckpoint),
        loaded.isEmpty() ? 0L : loaded.firstKey());
    LogSegments segments = new LogSegments(dir, loaded, logStart, listener);
    if (segments.isEmpty()) {
      segments.add(LogSegment.create(dir, logStart, config.segmentIndexBytes(), nowMs,
          flusher.writes()));
    }
    if (segments.logStartOffset() > segments.logEndOffset()) {
      log.atWarn().setMessage("Log start offset beyond the recovered log end; lowering it")
          .addKeyValue("dir", dir).addKeyValue("logStartOffset", segments.logStartOffset())
          .addKeyValue("logEndOffset", segments.logEndOffset()).log();
      segments.setLogStartOffset(segments.logEndOffset());
      logStartCheckpoint.write(segments.logEndOffset());
    }
    if (!clean) {
      for (LogSegment segment : sealedByRecovery) {
        flusher.flush(segment.allTarget()).join();
      }
      if (!segments.active().isEmpty()) {
        flusher.flush(segments.active().dataTarget()).join();
      }
    }
    if (txnRebuildFrom != Long.MAX_VALUE) {
      // Lowered first: a crash while the indexes are rebuilt must not leave them trusted.
      recoveryPoint.set(Math.min(txnRebuildFrom, segments.active().baseOffset()));
      for (LogSegment segment : segments.from(txnRebuildFrom)) {
        if (segment.baseOffset() >= txnRebuildFrom) {
          segment.txnIndex().reset();
        }
      }
      segments.setTxnIndexRebuildFrom(txnRebuildFrom);
    } else if (!clean) {
      recoveryPoint.set(segments.active().baseOffset());
    }
    segments.oldest().txnIndex().forgetBefore(segments.logStartOffset());
    return segments;
  }

  /**
   * The stored log start offset, 0 without a checkpoint. A damaged checkpoint fails the open: a
   * guess would either bring back records that delete-records removed or hide (and let retention
   * delete) records that are still live.
   */
  private static long readLogStart(OffsetCheckpointFile checkpoint) throws IOException {
    OffsetCheckpointFile.Contents contents = checkpoint.readContents();
    if (contents.state() == OffsetCheckpointFile.State.DAMAGED) {
      throw new KafkaStorageException("Damaged log start offset checkpoint " + checkpoint.file()
          + ": " + contents.problem() + "; the partition stays offline (removing the file makes "
          + "the log start at its oldest segment, which may bring back deleted records)");
    }
    return contents.value().orElse(0L);
  }

  /** Removes leftovers and orphan indexes; returns the segments' base offsets in order. */
  private List<Long> cleanDirectory() throws IOException {
    List<Long> bases = new ArrayList<>();
    List<Path> indexes = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (name.endsWith(LogFileNames.DELETED_SUFFIX) || name.endsWith(LogFileNames.TMP_SUFFIX)) {
          Files.deleteIfExists(file);
          log.atInfo().setMessage("Removed leftover file").addKeyValue("file", file).log();
        } else if (LogFileNames.parseBaseOffset(name, LogFileNames.LOG_SUFFIX) >= 0) {
          bases.add(LogFileNames.parseBaseOffset(name, LogFileNames.LOG_SUFFIX));
        } else if (name.endsWith(LogFileNames.INDEX_SUFFIX)
            || name.endsWith(LogFileNames.TIME_INDEX_SUFFIX)
            || name.endsWith(LogFileNames.TXN_INDEX_SUFFIX)) {
          indexes.add(file);
        }
      }
    }
    bases.sort(null);
    for (Path index : indexes) {
      String name = index.getFileName().toString();
      long base = Math.max(LogFileNames.parseBaseOffset(name, LogFileNames.INDEX_SUFFIX),
          Math.max(LogFileNames.parseBaseOffset(name, LogFileNames.TIME_INDEX_SUFFIX),
              LogFileNames.parseBaseOffset(name, LogFileNames.TXN_INDEX_SUFFIX)));
      if (!bases.contains(base)) {
        Files.deleteIfExists(index);
        log.atInfo().setMessage("Removed orphan index").addKeyValue("file", index).log();
      }
    }
    return bases;
  }

  private void dropFrom(List<Long> bases) throws IOException {
    for (long base : bases) {
      LogSegment segment = LogSegment.open(dir, base, config.segmentIndexBytes(), false, nowMs,
          flusher.writes());
      SegmentInfo info = segment.info();
      segment.closeAndDelete();
      listener.segmentDeleted(info, SegmentListener.DeleteReason.RECOVERY);
    }
  }

  private static void closeQuietly(Map<Long, LogSegment> segments) {
    for (LogSegment segment : segments.values()) {
      try {
        segment.close(false);
      } catch (IOException | RuntimeException e) {
        log.atWarn().setMessage("Failed to close segment after a load failure")
            .addKeyValue("segment", segment.logPath()).setCause(e).log();
      }
    }
  }
}
