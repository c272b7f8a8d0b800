package io.tideway.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * The read paths of a {@link LogSegment}: locate the batch containing an offset through the
 * sparse offset index and a short header walk, cut a {@link FetchSlice} of whole batches, and
 * search by timestamp through the time index. Only batch headers (61 bytes) are read, except that
 * a timestamp search decompresses the one batch that holds the answer to find the exact record.
 *
 * <p>Thread contract: not thread-safe (reuses a header buffer); one per partition log, used on the
 * owner thread. Blocking: positional file reads, normally served from the page cache.
 */
final class SegmentReader {

  /** A batch and the file position it starts at. */
  record Located(int position, BatchHeader header) {
  }

  private final ByteBuffer headerBuffer = ByteBuffer.allocate(BatchHeader.HEADER_SIZE);

  /** The batch containing {@code offset}, or {@code null} if the segment ends before it. */
  Located findBatch(LogSegment segment, long offset) throws IOException {
    if (offset >= segment.nextOffset()) {
      return null;
    }
    int position = segment.offsetIndex().lookup(offset).position();
    while (position < segment.size()) {
      BatchHeader header = readHeader(segment, position);
      if (header.lastOffset() >= offset) {
        return new Located(position, header);
      }
      position += header.sizeInBytes();
    }
    return null;
  }

  /**
   * Whole batches from the one containing {@code offset}, at most {@code maxBytes} of them (or the
   * first alone when {@code minOneBatch} and it is larger), excluding any batch whose last offset
   * is at or above {@code maxOffsetExclusive}.
   *
   * @return the slice, possibly empty, or {@code null} if the segment ends before {@code offset}
   */
  FetchSlice read(LogSegment segment, long offset, int maxBytes, boolean minOneBatch,
      long maxOffsetExclusive) throws IOException {
    Located first = findBatch(segment, offset);
    if (first == null) {
      return null;
    }
    int start = first.position();
    int position = start;
    long lastOffset = -1;
    BatchHeader header = first.header();
    while (header.lastOffset() < maxOffsetExclusive) {
      int length = position - start;
      boolean fits = (long) length + header.sizeInBytes() <= maxBytes;
      if (!fits && !(length == 0 && minOneBatch)) {
        break;
      }
      position += header.sizeInBytes();
      lastOffset = header.lastOffset();
      if (position >= segment.size()) {
        break;
      }
      header = readHeader(segment, position);
    }
    if (position == start) {
      return FetchSlice.empty(offset);
    }
    return new FetchSlice(first.header().baseOffset(), lastOffset, segment.logPath(),
        segment.channel(), start, position - start);
  }

  /**
   * The first record at or after {@code startOffset} whose timestamp is at least
   * {@code timestamp}, or {@code null} if this segment has none.
   */
  TimestampAndOffset findByTimestamp(LogSegment segment, long timestamp, long startOffset)
      throws IOException {
    if (segment.maxTimestamp() < timestamp || startOffset >= segment.nextOffset()) {
      return null;
    }
    // Every batch up to an entry's offset is older than the entry's timestamp (< timestamp).
    TimeIndex.TimestampOffset before = segment.timeIndex().lastEntryBefore(timestamp);
    long from = Math.max(startOffset,
        before == null ? segment.baseOffset() : before.offset() + 1);
    Located located = findBatch(segment, from);
    if (located == null) {
      return null;
    }
    int position = located.position();
    while (position < segment.size()) {
      BatchHeader header = readHeader(segment, position);
      if (header.maxTimestamp() >= timestamp) {
        TimestampAndOffset found = firstRecord(segment, position, header, from, timestamp);
        if (found != null) {
          return found;
        }
      }
      position += header.sizeInBytes();
    }
    return null;
  }

  /** The first record carrying the segment's max timestamp, or {@code null} when empty. */
  TimestampAndOffset maxTimestampRecord(LogSegment segment) throws IOException {
    if (segment.maxTimestamp() == RecordBatch.NO_TIMESTAMP) {
      return null;
    }
    Located located = findBatch(segment, segment.offsetOfMaxTimestamp());
    if (located == null) {
      return null;
    }
    BatchHeader header = located.header();
    TimestampAndOffset found = firstRecord(segment, located.position(), header,
        header.baseOffset(), segment.maxTimestamp());
    return found != null ? found
        : new TimestampAndOffset(header.maxTimestamp(), header.lastOffset());
  }

  /** Reads and sanity-checks the header of the batch at {@code position}. */
  BatchHeader readHeader(LogSegment segment, int position) throws IOException {
    if (position + BatchHeader.HEADER_SIZE > segment.size()) {
      throw corrupt(segment, "batch header at byte " + position + " crosses the segment end "
          + segment.size());
    }
    headerBuffer.clear();
    readFully(segment, headerBuffer, position);
    BatchHeader header = BatchHeader.parse(headerBuffer, 0);
    if (header.sizeInBytes() < BatchHeader.HEADER_SIZE
        || (long) position + header.sizeInBytes() > segment.size()) {
      throw corrupt(segment, "batch at byte " + position + " has impossible size "
          + header.sizeInBytes() + " (segment size " + segment.size() + ")");
    }
    return header;
  }

  private TimestampAndOffset firstRecord(LogSegment segment, int position, BatchHeader header,
      long minOffset, long minTimestamp) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(header.sizeInBytes());
    readFully(segment, bytes, position);
    bytes.flip();
    for (RecordBatch batch : MemoryRecords.readableRecords(bytes).batches()) {
      for (Record record : batch) {
        if (record.offset() >= minOffset && record.timestamp() >= minTimestamp) {
          return new TimestampAndOffset(record.timestamp(), record.offset());
        }
      }
    }
    return null;
  }

  private static void readFully(LogSegment segment, ByteBuffer buffer, long position)
      throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int read = segment.channel().read(buffer, at);
      if (read < 0) {
        throw corrupt(segment, "unexpected end of file at byte " + at);
      }
      at += read;
    }
  }

  private static CorruptSegmentException corrupt(LogSegment segment, String problem) {
    return new CorruptSegmentException(segment.logPath(), segment.baseOffset(),
        segment.nextOffset(), problem);
  }
}
