package io.tideway.broker.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens one segment during {@link LogLoader}'s pass and brings it to a consistent state: a sealed,
 * flushed segment is restored from its indexes (rebuilt by a validating scan if missing or
 * damaged, and then any bad batch is a {@link CorruptSegmentException}); the active segment after a
 * clean shutdown is restored from its indexes plus the batches after the last index entry; any
 * other segment is recovered by a full scan that rebuilds its indexes and cuts a torn or corrupted
 * tail.
 *
 * <p>Thread contract: not thread-safe; used by one load on the thread opening the log. Blocking.
 */
final class SegmentRecovery {

  private static final Logger log = LoggerFactory.getLogger(SegmentRecovery.class);

  private final Path dir;
  private final LogConfig config;
  private final long nowMs;
  private final SegmentListener listener;
  private final FileWrites writes;
  private final Map<Long, IndexSummary.Entry> summary;
  private long truncatedBytes;
  private int recoveredSegments;

  /** @param summary what the indexes held when last summarized, by base offset */
  SegmentRecovery(Path dir, LogConfig config, long nowMs, SegmentListener listener,
      FileWrites writes, Map<Long, IndexSummary.Entry> summary) {
    this.dir = dir;
    this.writes = writes;
    this.summary = summary;
    this.config = config;
    this.nowMs = nowMs;
    this.listener = listener;
  }

  /** Bytes cut from segment tails so far. */
  long truncatedBytes() {
    return truncatedBytes;
  }

  /** Segments recovered by a full scan so far. */
  int recoveredSegments() {
    return recoveredSegments;
  }

  /** A sealed, flushed segment: restore from its indexes; rebuild them if they are damaged. */
  LogSegment openSealed(long base, long next, boolean verifyTail) throws IOException {
    boolean indexesPresent = Files.exists(LogFileNames.indexFile(dir, base))
        && Files.exists(LogFileNames.timeIndexFile(dir, base));
    LogSegment segment = null;
    try {
      if (!indexesPresent) {
        throw new CorruptIndexException(LogFileNames.indexFile(dir, base), "missing");
      }
      segment = LogSegment.open(dir, base, config.segmentIndexBytes(), false, nowMs, writes);
      segment.restoreSealed(next);
      checkLastEntries(segment);
    } catch (CorruptIndexException e) {
      log.atWarn().setMessage("Rebuilding index of sealed segment")
          .addKeyValue("segment", LogFileNames.logFile(dir, base))
          .addKeyValue("reason", e.getMessage()).log();
      if (segment != null) {
        segment.close(false);
      }
      segment = rebuildSealed(base, next);
      verifyTail = false; // the rebuild just validated every batch
    }
    if (verifyTail) {
      SegmentScanner.Result tail = scanTail(segment);
      if (!tail.isClean() || tail.nextOffset() != next) {
        segment.close(false);
        throw new CorruptSegmentException(segment.logPath(), base, next, tail.isClean()
            ? "ends at offset " + tail.nextOffset() + " but the next segment starts at " + next
            : tail.problem());
      }
    }
    return segment;
  }

  private LogSegment rebuildSealed(long base, long next) throws IOException {
    deleteIndexes(base);
    LogSegment segment = LogSegment.open(dir, base, config.segmentIndexBytes(), true, nowMs, writes);
    segment.resetState();
    SegmentScanner.Result result = new SegmentScanner(segment.channel()).scan(0, segment.size(),
        base, (position, header) -> onBatch(segment, position, header));
    if (!result.isClean() || result.nextOffset() != next || result.validEnd() != segment.size()) {
      segment.close(false);
      throw new CorruptSegmentException(segment.logPath(), base, next, result.isClean()
          ? "ends at offset " + result.nextOffset() + " but the next segment starts at " + next
          : result.problem());
    }
    segment.seal();
    return segment;
  }

  /** The active segment after a clean shutdown: trust its indexes, read what follows them. */
  LogSegment openActive(long base) throws IOException {
    LogSegment segment;
    try {
      segment = LogSegment.open(dir, base, config.segmentIndexBytes(), true, nowMs, writes);
    } catch (CorruptIndexException e) {
      log.atWarn().setMessage("Corrupt index on the active segment; recovering it")
          .addKeyValue("reason", e.getMessage()).log();
      return recover(base);
    }
    try {
      segment.offsetIndex().sanityCheck(segment.size(), Long.MAX_VALUE);
      segment.timeIndex().sanityCheck(Long.MAX_VALUE);
      SegmentScanner.Result tail = reloadTail(segment);
      if (tail.isClean()) {
        checkLastEntries(segment);
        return segment;
      }
      log.atWarn().setMessage("Invalid tail despite a clean shutdown; recovering the segment")
          .addKeyValue("segment", segment.logPath()).addKeyValue("reason", tail.problem()).log();
    } catch (CorruptIndexException e) {
      log.atWarn().setMessage("Corrupt index on the active segment; recovering it")
          .addKeyValue("reason", e.getMessage()).log();
    }
    segment.close(false);
    return recover(base);
  }

  /** Full scan of a possibly unflushed segment: rebuild indexes, cut at the first bad batch. */
  LogSegment recover(long base) throws IOException {
    recoveredSegments++;
    deleteIndexes(base);
    LogSegment segment = LogSegment.open(dir, base, config.segmentIndexBytes(), true, nowMs, writes);
    segment.resetState();
    SegmentScanner.Result result = new SegmentScanner(segment.channel()).scan(0, segment.size(),
        base, (position, header) -> onBatch(segment, position, header));
    int cut = segment.truncateBytes(result.validEnd(), result.nextOffset());
    if (cut > 0) {
      truncatedBytes += cut;
      log.atWarn().setMessage("Truncated invalid tail of segment")
          .addKeyValue("segment", segment.logPath()).addKeyValue("position", result.validEnd())
          .addKeyValue("bytes", cut).addKeyValue("nextOffset", result.nextOffset())
          .addKeyValue("reason", result.problem()).log();
      listener.segmentTruncated(segment.info());
    }
    return segment;
  }

  /**
   * Re-reads the batches after the last offset-index entry to restore the next offset, max
   * timestamp and index spacing. Does not cut anything; the caller acts on an unclean result.
   */
  static SegmentScanner.Result reloadTail(LogSegment segment) throws IOException {
    OffsetIndex.OffsetPosition start = segment.offsetIndex().lastEntry();
    segment.restoreTailState(segment.timeIndex().lastEntry(), 0);
    SegmentScanner.Result result = new SegmentScanner(segment.channel()).scan(start.position(),
        segment.size(), start.offset(),
        (position, header) -> segment.onBatch(header, position, 0, false));
    if (result.isClean()) {
      segment.truncateBytes(segment.size(), result.nextOffset());
      if (start.position() > 0) {
        // The scan began after the first batch, whose timestamp starts the segment.ms clock.
        long first = new SegmentReader().readHeader(segment, 0).maxTimestamp();
        if (first >= 0) {
          segment.setRollBase(first);
        }
      }
    }
    return result;
  }

  /**
   * Checks the indexes against the summary (entry counts, max timestamp) and the last entry of
   * each against the batch it names, which the shape checks cannot: a flipped bit that keeps the entries ordered would otherwise go unnoticed, and the
   * last time index entry gives a restored segment its max timestamp (and so its retention). The
   * middle entries are checked by the reads that use them ({@link SegmentReader}).
   *
   * @throws CorruptIndexException if an entry does not match; the caller rebuilds the indexes
   *     by a validating scan, which tells index damage from log damage
   */
  private void checkLastEntries(LogSegment segment) throws IOException {
    IndexSummary.Entry expected = summary.get(segment.baseOffset());
    if (expected != null && (expected.offsetEntries() != segment.offsetIndex().entries()
        || expected.timeEntries() != segment.timeIndex().entries()
        || expected.maxTimestamp() != segment.maxTimestamp())) {
      throw new CorruptIndexException(segment.timeIndex().path(), "the indexes hold "
          + segment.offsetIndex().entries() + " and " + segment.timeIndex().entries()
          + " entries (max timestamp " + segment.maxTimestamp() + ") where the summary lists "
          + expected.offsetEntries() + " and " + expected.timeEntries() + " (max timestamp "
          + expected.maxTimestamp() + ")");
    }
    SegmentReader reader = new SegmentReader();
    try {
      OffsetIndex.OffsetPosition last = segment.offsetIndex().lastEntry();
      if (last.position() > 0
          && reader.readHeader(segment, last.position()).baseOffset() != last.offset()) {
        throw new CorruptIndexException(segment.offsetIndex().path(), "last entry (" + last.offset()
            + ", " + last.position() + ") does not point at the batch starting at that offset");
      }
      if (segment.timeIndex().entries() > 0
          && !reader.matchesLog(segment, segment.timeIndex().lastEntry())) {
        throw new CorruptIndexException(segment.timeIndex().path(),
            "last entry does not match the batch at its offset");
      }
    } catch (CorruptSegmentException e) {
      throw new CorruptIndexException(segment.offsetIndex().path(), e.getMessage());
    }
  }

  private SegmentScanner.Result scanTail(LogSegment segment) throws IOException {
    OffsetIndex.OffsetPosition start = segment.offsetIndex().lastEntry();
    return new SegmentScanner(segment.channel()).scan(start.position(), segment.size(),
        start.offset(), (position, header) -> { });
  }

  private void onBatch(LogSegment segment, int position, BatchHeader header) throws IOException {
    segment.onBatch(header, position, config.indexIntervalBytes(), true);
  }

  private void deleteIndexes(long base) throws IOException {
    Files.deleteIfExists(LogFileNames.indexFile(dir, base));
    Files.deleteIfExists(LogFileNames.timeIndexFile(dir, base));
  }
}
