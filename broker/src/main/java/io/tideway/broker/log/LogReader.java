package io.tideway.broker.log;

import java.io.IOException;
import java.util.Optional;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * The read paths of a partition log across its segments: fetch by offset and the ListOffsets
 * lookups by timestamp and max timestamp, delegating per segment to {@link SegmentReader}.
 *
 * <p>Thread contract: owner thread only; not thread-safe. Blocking only in the page-cache sense
 * (positional reads of batch headers).
 */
final class LogReader {

  private final LogSegments segments;
  private final SegmentReader reader;

  LogReader(LogSegments segments, SegmentReader reader) {
    this.segments = segments;
    this.reader = reader;
  }

  /** See {@link PartitionLog#read(long, int, boolean, long)}. */
  FetchSlice read(long offset, int maxBytes, boolean minOneBatch, long maxOffsetExclusive)
      throws IOException {
    long start = segments.logStartOffset();
    long end = segments.logEndOffset();
    if (offset < start || offset > end) {
      throw new OffsetOutOfRangeException("Offset " + offset + " is out of range for "
          + segments.dir() + ": the log holds [" + start + ", " + end + ")");
    }
    if (offset == end || offset >= maxOffsetExclusive) {
      return FetchSlice.empty(offset);
    }
    for (LogSegment segment : segments.from(offset)) {
      FetchSlice slice = reader.read(segment, offset, maxBytes, minOneBatch, maxOffsetExclusive);
      if (slice != null) {
        return slice;
      }
    }
    return FetchSlice.empty(offset);
  }

  /** The earliest record from the log start on whose timestamp is at least {@code timestamp}. */
  Optional<TimestampAndOffset> offsetForTimestamp(long timestamp) throws IOException {
    long start = segments.logStartOffset();
    for (LogSegment segment : segments.from(start)) {
      TimestampAndOffset found = reader.findByTimestamp(segment, timestamp, start);
      if (found != null) {
        return Optional.of(found);
      }
    }
    return Optional.empty();
  }

  /** The first record with the largest timestamp (earliest segment on ties), or empty. */
  Optional<TimestampAndOffset> maxTimestampAndOffset() throws IOException {
    LogSegment best = null;
    for (LogSegment segment : segments.all()) {
      if (segment.maxTimestamp() != RecordBatch.NO_TIMESTAMP
          && (best == null || segment.maxTimestamp() > best.maxTimestamp())) {
        best = segment;
      }
    }
    return best == null ? Optional.empty() : Optional.ofNullable(reader.maxTimestampRecord(best));
  }
}
