package io.tideway.broker.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ordered segments of one partition log, keyed by base offset, and the lifecycle around them:
 * every addition, roll and removal goes through here so that {@link SegmentListener} events and
 * delayed file deletion ({@link SegmentDeleter}) happen in one place.
 *
 * <p>It also holds the log start offset, which only ever lies inside these segments, and the
 * offset from which the transaction indexes still await their rebuild after an open.
 *
 * <p>Thread contract: owned by the partition log's owner, not thread-safe. Invariants: never empty
 * once the log is open; the last segment is the active one; segments are contiguous;
 * {@code oldest().baseOffset() <= logStartOffset <= active().nextOffset()}.
 */
final class LogSegments {

  private static final Logger log = LoggerFactory.getLogger(LogSegments.class);

  private final Path dir;
  private final TreeMap<Long, LogSegment> segments;
  private final SegmentListener listener;
  private final SegmentDeleter deleter = new SegmentDeleter();
  private long logStartOffset;
  private long txnIndexRebuildFrom = Long.MAX_VALUE;

  LogSegments(Path dir, TreeMap<Long, LogSegment> loaded, long logStartOffset,
      SegmentListener listener) {
    this.dir = dir;
    this.segments = loaded;
    this.logStartOffset = logStartOffset;
    this.listener = listener;
  }

  Path dir() {
    return dir;
  }

  long logStartOffset() {
    return logStartOffset;
  }

  void setLogStartOffset(long offset) {
    this.logStartOffset = offset;
  }

  /**
   * The base offset from which the segments' transaction indexes were emptied by the load and
   * must be refilled from the log, or empty when they are complete.
   */
  OptionalLong txnIndexRebuildFrom() {
    return txnIndexRebuildFrom == Long.MAX_VALUE ? OptionalLong.empty()
        : OptionalLong.of(txnIndexRebuildFrom);
  }

  void setTxnIndexRebuildFrom(long offset) {
    this.txnIndexRebuildFrom = offset;
  }

  /** Records that the transaction indexes are complete again. */
  void txnIndexesRebuilt() {
    this.txnIndexRebuildFrom = Long.MAX_VALUE;
  }

  /** The offset the next appended record gets. */
  long logEndOffset() {
    return active().nextOffset();
  }

  boolean isEmpty() {
    return segments.isEmpty();
  }

  int count() {
    return segments.size();
  }

  LogSegment active() {
    return segments.lastEntry().getValue();
  }

  LogSegment oldest() {
    return segments.firstEntry().getValue();
  }

  /** The base offset of the segment after {@code segment}, or -1 if it is the active one. */
  long nextBaseOffset(LogSegment segment) {
    Long next = segments.higherKey(segment.baseOffset());
    return next == null ? -1 : next;
  }

  /** The segment that holds {@code offset} if any segment does (the last with base <= offset). */
  LogSegment floor(long offset) {
    Map.Entry<Long, LogSegment> entry = segments.floorEntry(offset);
    return entry == null ? oldest() : entry.getValue();
  }

  /** The segments from the one holding {@code offset} to the active one (a live view). */
  Collection<LogSegment> from(long offset) {
    return segments.tailMap(floor(offset).baseOffset(), true).values();
  }

  /** A copy of the segments after {@code segment}. */
  List<LogSegment> after(LogSegment segment) {
    return new ArrayList<>(segments.tailMap(segment.baseOffset(), false).values());
  }

  /** The sealed segments, oldest first (a copy). */
  List<LogSegment> sealed() {
    return new ArrayList<>(segments.headMap(active().baseOffset(), false).values());
  }

  /** All segments, oldest first (a live view). */
  Collection<LogSegment> all() {
    return segments.values();
  }

  long sizeInBytes() {
    long total = 0;
    for (LogSegment segment : segments.values()) {
      total += segment.size();
    }
    return total;
  }

  List<SegmentInfo> infos() {
    List<SegmentInfo> infos = new ArrayList<>(segments.size());
    for (LogSegment segment : segments.values()) {
      infos.add(segment.info());
    }
    return infos;
  }

  /** Adds a new, empty active segment. */
  void add(LogSegment fresh) {
    segments.put(fresh.baseOffset(), fresh);
    listener.segmentCreated(fresh.info());
  }

  /** Records a roll: {@code sealed} was just sealed and {@code fresh} follows it. */
  void rolled(LogSegment sealed, LogSegment fresh) {
    segments.put(fresh.baseOffset(), fresh);
    log.atDebug().setMessage("Rolled segment").addKeyValue("dir", dir)
        .addKeyValue("sealedBaseOffset", sealed.baseOffset())
        .addKeyValue("newBaseOffset", fresh.baseOffset()).log();
    listener.segmentSealed(sealed.info());
    listener.segmentCreated(fresh.info());
  }

  /** Reports that {@code segment} lost its tail (truncation). */
  void truncated(LogSegment segment) {
    listener.segmentTruncated(segment.info());
  }

  /** Takes {@code segment} out of the log; its files go after {@code delayMs}. Blocking. */
  void remove(LogSegment segment, SegmentListener.DeleteReason reason, long nowMs, long delayMs)
      throws IOException {
    SegmentInfo info = segment.info();
    segments.remove(segment.baseOffset());
    deleter.schedule(segment, nowMs, delayMs);
    log.atInfo().setMessage("Deleted segment").addKeyValue("dir", dir)
        .addKeyValue("baseOffset", info.baseOffset()).addKeyValue("lastOffset", info.lastOffset())
        .addKeyValue("reason", reason).log();
    listener.segmentDeleted(info, reason);
  }

  /** Deletes the files of removed segments whose delay has passed. Blocking. */
  void purgeExpired(long nowMs) {
    deleter.purgeExpired(nowMs);
  }

  /** Closes every segment (trimming the active indexes) and deletes pending files. Blocking. */
  void closeAll() throws IOException {
    for (LogSegment segment : segments.values()) {
      segment.close(true);
    }
    deleter.purgeAll();
  }

  /** Closes everything as a crash would leave it: no trimming, no deletion. */
  void abandon() {
    deleter.abandon();
    for (LogSegment segment : segments.values()) {
      try {
        segment.close(false);
      } catch (IOException e) {
        log.atDebug().setMessage("Ignoring close failure of an abandoned segment")
            .setCause(e).log();
      }
    }
  }

  /** The segments by base offset (package view for tests). */
  TreeMap<Long, LogSegment> map() {
    return segments;
  }
}
