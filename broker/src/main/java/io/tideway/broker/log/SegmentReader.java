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
 * <p>Reads are served without a CRC check (the bytes go out by {@code sendfile}; clients check
 * the CRC32C of every batch), but the CRC does not cover a batch's base offset, length and magic,
 * so every header walked is checked here: magic 2, a sane size, offsets that continue exactly where
 * the previous batch ended and stay inside the segment, and an index entry pointing at the batch
 * it names. A damaged header is never served as if it were another batch: an index entry that
 * does not match the log is distrusted (the walk restarts at the segment start, and the index is
 * rebuilt at the next open), and a damaged batch ends a slice before it or, first in line, fails
 * the read with {@link CorruptSegmentException}. Likewise a time index entry is checked against
 * the batch it names before a search skips the batches it covers.
 *
 * <p>Thread contract: not thread-safe (reuses a header buffer); one per partition log, used on the
 * owner thread. Blocking: positional file reads, normally served from the page cache.
 */
final class SegmentReader {

  /** A batch and the file position it starts at. */
  record Located(int position, BatchHeader header) {
  }

  private final ByteBuffer headerBuffer = ByteBuffer.allocate(BatchHeader.HEADER_SIZE);

  /**
   * The batch containing {@code offset}, or {@code null} if the segment ends before it.
   *
   * @throws CorruptSegmentException if a batch header on the way is damaged
   */
  Located findBatch(LogSegment segment, long offset) throws IOException {
    if (offset >= segment.nextOffset()) {
      return null;
    }
    OffsetIndex.OffsetPosition start = segment.offsetIndexTrusted()
        ? segment.offsetIndex().lookup(offset)
        : new OffsetIndex.OffsetPosition(segment.baseOffset(), 0);
    if (start.position() > 0) {
      String problem = entryProblem(segment, start);
      if (problem != null) {
        segment.distrustOffsetIndex(problem);
        start = new OffsetIndex.OffsetPosition(segment.baseOffset(), 0);
      }
    }
    int position = start.position();
    long expected = start.offset();
    while (position < segment.size()) {
      BatchHeader header = checkedHeader(segment, position, expected);
      if (header.lastOffset() >= offset) {
        return new Located(position, header);
      }
      position += header.sizeInBytes();
      expected = header.nextOffset();
    }
    // The segment claims offsets up to its next offset: a file that ends first lost batches.
    throw corrupt(segment, "the file ends at byte " + position + " (offset " + expected
        + ") before offset " + offset);
  }

  /** Why an offset index entry does not name the batch at its position, or null if it does. */
  private String entryProblem(LogSegment segment, OffsetIndex.OffsetPosition entry)
      throws IOException {
    try {
      BatchHeader header = readHeader(segment, entry.position());
      if (header.baseOffset() == entry.offset() && header.magic() == RecordBatch.MAGIC_VALUE_V2) {
        return null;
      }
      return "entry (" + entry.offset() + ", " + entry.position()
          + ") points at a batch starting at offset " + header.baseOffset();
    } catch (CorruptSegmentException e) {
      return "entry (" + entry.offset() + ", " + entry.position() + "): " + e.getMessage();
    }
  }

  /**
   * The header at {@code position}, which must be a v2 batch starting at {@code expectedBase} and
   * ending inside the segment.
   *
   * @throws CorruptSegmentException naming the segment and the byte position otherwise
   */
  BatchHeader checkedHeader(LogSegment segment, int position, long expectedBase)
      throws IOException {
    BatchHeader header = readHeader(segment, position);
    if (header.magic() != RecordBatch.MAGIC_VALUE_V2) {
      throw corrupt(segment, "batch at byte " + position + " has magic " + header.magic());
    }
    if (header.baseOffset() != expectedBase || header.lastOffsetDelta() < 0
        || header.lastOffset() >= segment.nextOffset()) {
      throw corrupt(segment, "batch at byte " + position + " holds offsets "
          + header.baseOffset() + " to " + header.lastOffset() + " where a batch starting at "
          + expectedBase + " and ending before " + segment.nextOffset() + " was expected");
    }
    return header;
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
      try {
        header = checkedHeader(segment, position, lastOffset + 1);
      } catch (CorruptSegmentException e) {
        break; // serve the good batches before the damage; the next read fails on it
      }
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
    if (before != null && !matchesLog(segment, before)) {
      before = null; // a damaged entry must not make the search skip batches
    }
    long from = Math.max(startOffset,
        before == null ? segment.baseOffset() : before.offset() + 1);
    Located located = findBatch(segment, from);
    if (located == null) {
      return null;
    }
    int position = located.position();
    BatchHeader header = located.header();
    while (true) {
      if (header.maxTimestamp() >= timestamp) {
        TimestampAndOffset found = firstRecord(segment, position, header, from, timestamp);
        if (found != null) {
          return found;
        }
      }
      position += header.sizeInBytes();
      if (position >= segment.size()) {
        return null;
      }
      header = checkedHeader(segment, position, header.nextOffset());
    }
  }

  /**
   * Whether a time index entry agrees with the log: the batch ending at its offset exists and has
   * its timestamp as max timestamp, as every entry is written. A disagreement is logged.
   */
  boolean matchesLog(LogSegment segment, TimeIndex.TimestampOffset entry) throws IOException {
    Located batch = entry.offset() < segment.baseOffset() ? null : findBatch(segment, entry.offset());
    if (batch != null && batch.header().lastOffset() == entry.offset()
        && batch.header().maxTimestamp() == entry.timestamp()) {
      return true;
    }
    segment.reportTimeIndexMismatch("entry (" + entry.timestamp() + ", " + entry.offset()
        + ") does not match the batch at that offset");
    return false;
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
