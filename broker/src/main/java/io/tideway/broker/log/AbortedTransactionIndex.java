package io.tideway.broker.log;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * The aborted transactions of a whole partition log, spread over its segments'
 * {@link TransactionIndex} files: appends go to the segment holding the marker, fetches collect
 * from the segment holding the fetch offset onwards (Kafka's {@code collectAbortedTransactions}),
 * and after an open that emptied some indexes ({@link LogSegments#txnIndexRebuildFrom}) the
 * rebuild is made durable before the recovery point moves past it.
 *
 * <p>Thread contract: owner thread only, like {@link PartitionLog}; {@link #rebuilt} is blocking.
 */
final class AbortedTransactionIndex {

  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final LogSegments segments;
  private final LogDirFlusher flusher;
  private final RecoveryPoint recoveryPoint;
  private final IndexSummary summary;

  AbortedTransactionIndex(LogSegments segments, LogDirFlusher flusher,
      RecoveryPoint recoveryPoint, IndexSummary summary) {
    this.segments = segments;
    this.summary = summary;
    this.flusher = flusher;
    this.recoveryPoint = recoveryPoint;
  }

  /** Told when an entry's file write failed and the entry was kept in memory, pending. */
  @FunctionalInterface
  interface PendingListener {
    void entryPending(long bytes, IOException error);
  }

  /**
   * Appends {@code entry} to the index of the segment holding its marker. Under
   * {@code group-commit} the returned future completes once the entry is fsynced; otherwise at
   * once (an unclean open rebuilds the active segment's index anyway). An entry that cannot be
   * written is kept in memory and reported to {@code onPending}; only the active segment may keep
   * one (a sealed segment must hold its entries on disk), so a failed write into a sealed one is
   * thrown.
   */
  CompletableFuture<Void> append(AbortedTransaction entry, LogConfig config,
      PendingListener onPending) throws IOException {
    if (entry.lastOffset() < segments.logStartOffset()
        || entry.lastOffset() >= segments.logEndOffset()) {
      throw new IllegalArgumentException("Aborted transaction marker at " + entry.lastOffset()
          + " is outside the log of " + segments.dir() + " [" + segments.logStartOffset() + ", "
          + segments.logEndOffset() + ")");
    }
    LogSegment segment = segments.floor(entry.lastOffset());
    try {
      segment.txnIndex().append(entry);
    } catch (IOException e) {
      if (segment.isSealed()) {
        throw e;
      }
      onPending.entryPending(AbortedTransaction.SIZE, e);
    }
    if (config.flushPolicy() == LogConfig.FlushPolicy.GROUP_COMMIT && !segment.isSealed()) {
      return flusher.flush(segment.dataTarget());
    }
    return DONE;
  }

  /**
   * The aborted transactions a fetch of {@code [fetchOffset, upperBoundOffset)} must report, in
   * marker order: those whose marker is at or after the fetch offset and whose first record is
   * before the upper bound.
   */
  List<AbortedTransaction> collect(long fetchOffset, long upperBoundOffset) {
    List<AbortedTransaction> found = new ArrayList<>();
    if (fetchOffset >= upperBoundOffset) {
      return found;
    }
    for (LogSegment segment : segments.from(fetchOffset)) {
      if (segment.txnIndex().collect(fetchOffset, upperBoundOffset, found)) {
        break;
      }
    }
    return found;
  }

  /** See {@link LogSegments#txnIndexRebuildFrom()}. */
  OptionalLong rebuildFrom() {
    return segments.txnIndexRebuildFrom();
  }

  /**
   * Records that the emptied indexes were refilled: writes what is still pending, fsyncs them,
   * records them in the summary, then lets the recovery point move to the active segment again.
   * Blocking.
   *
   * @throws IOException if an entry cannot be written; the rebuild stays unfinished
   */
  void rebuilt() throws IOException {
    OptionalLong from = segments.txnIndexRebuildFrom();
    if (from.isEmpty()) {
      return;
    }
    List<CompletableFuture<Void>> flushes = new ArrayList<>();
    for (LogSegment segment : segments.from(from.getAsLong())) {
      segment.txnIndex().writePending();
      flushes.add(flusher.flush(segment.dataTarget()));
    }
    CompletableFuture.allOf(flushes.toArray(CompletableFuture[]::new)).join();
    summary.writeNow(IndexSummary.snapshot(segments.sealed()));
    recoveryPoint.set(segments.active().baseOffset());
    segments.txnIndexesRebuilt();
  }
}
