package io.tideway.broker.log;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;
import org.apache.kafka.common.KafkaException;

/**
 * Reads a segment's log file sequentially and validates every batch as an append would (framing,
 * magic, CRC32C, counts; {@link BatchValidator.Mode#REPLICA} rules) and that offsets are
 * contiguous. Used by recovery, index rebuilds and the tail checks on open.
 *
 * <p>The file is read through a 1 MiB window. A batch larger than the window is checked in
 * streaming fashion (CRC over chunks) instead of being loaded, so a damaged length field cannot
 * make recovery allocate a huge buffer.
 *
 * <p>Thread contract: not thread-safe; one scan at a time on the thread recovering the log.
 * Blocking: reads the file.
 */
final class SegmentScanner {

  private static final int WINDOW_BYTES = 1 << 20;

  /** Receives each valid batch in order. */
  @FunctionalInterface
  interface BatchConsumer {
    void accept(int position, BatchHeader header) throws IOException;
  }

  /**
   * Outcome of a scan: bytes [start, validEnd) hold valid contiguous batches ending before
   * {@code nextOffset}; {@code problem} describes what stopped the scan early, or is null.
   */
  record Result(int validEnd, long nextOffset, int batches, String problem) {
    boolean isClean() {
      return problem == null;
    }
  }

  private final FileChannel channel;
  private final ByteBuffer window = ByteBuffer.allocate(WINDOW_BYTES);
  private long windowStart = -1;
  private int windowLength;

  SegmentScanner(FileChannel channel) {
    this.channel = channel;
  }

  /**
   * Validates the batches in file bytes [{@code from}, {@code end}); the first must start at
   * {@code expectedBaseOffset} and each next one where the previous ended.
   */
  Result scan(int from, int end, long expectedBaseOffset, BatchConsumer consumer)
      throws IOException {
    int position = from;
    long expected = expectedBaseOffset;
    int batches = 0;
    while (position < end) {
      int remaining = end - position;
      BatchHeader header;
      try {
        header = validateAt(position, remaining);
      } catch (KafkaException e) {
        return new Result(position, expected, batches, e.getMessage());
      }
      if (header.baseOffset() != expected) {
        return new Result(position, expected, batches, "Batch at byte " + position
            + " starts at offset " + header.baseOffset() + " where " + expected + " was expected");
      }
      consumer.accept(position, header);
      expected = header.nextOffset();
      position += header.sizeInBytes();
      batches++;
    }
    return new Result(position, expected, batches, null);
  }

  private BatchHeader validateAt(int position, int remaining) throws IOException {
    int headerBytes = Math.min(remaining, BatchHeader.HEADER_SIZE);
    int offset = load(position, headerBytes);
    int size = BatchValidator.checkFraming(window, offset, remaining, position);
    if (size <= WINDOW_BYTES) {
      offset = load(position, size);
      return BatchValidator.validateBatch(window, offset, size, Integer.MAX_VALUE,
          BatchValidator.Mode.REPLICA, position);
    }
    // Larger than the window: header fields from the window, CRC streamed from the file.
    BatchHeader header = BatchHeader.parse(window, offset);
    BatchValidator.checkCrc(header, position, streamCrc(position, size));
    BatchValidator.checkHeaderFields(header, position, BatchValidator.Mode.REPLICA);
    return header;
  }

  /** Makes file bytes [position, position + length) readable in the window; returns the index. */
  private int load(long position, int length) throws IOException {
    if (position >= windowStart && position + length <= windowStart + windowLength) {
      return (int) (position - windowStart);
    }
    window.clear();
    long filePosition = position;
    while (window.position() < length) {
      int read = channel.read(window, filePosition);
      if (read < 0) {
        throw new EOFException("End of file at byte " + filePosition + " while reading "
            + length + " bytes at " + position);
      }
      filePosition += read;
    }
    windowStart = position;
    windowLength = window.position();
    return 0;
  }

  private long streamCrc(long position, int size) throws IOException {
    CRC32C crc = new CRC32C();
    long at = position + BatchHeader.ATTRIBUTES_OFFSET;
    long end = position + size;
    while (at < end) {
      int chunk = (int) Math.min(WINDOW_BYTES, end - at);
      int offset = load(at, chunk);
      ByteBuffer slice = window.duplicate();
      slice.limit(offset + chunk).position(offset);
      crc.update(slice);
      at += chunk;
    }
    return crc.getValue();
  }
}
