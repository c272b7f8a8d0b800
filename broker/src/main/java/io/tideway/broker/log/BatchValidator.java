package io.tideway.broker.log;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnsupportedForMessageFormatException;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.internals.ByteUtils;

/**
 * Validates Kafka v2 record batches without decompressing them: framing and sizes, magic, CRC32C,
 * the compression codec id, the record count against {@code lastOffsetDelta} and, for
 * uncompressed batches, that the records' length prefixes exactly fill the batch.
 *
 * <p>Each problem has its own exception type from {@code org.apache.kafka.common.errors}, so a
 * gateway maps it to the Kafka error code with {@code Errors.forException}: damaged bytes are
 * {@link CorruptRecordException} (CORRUPT_MESSAGE), an oversized batch is
 * {@link RecordTooLargeException} (MESSAGE_TOO_LARGE), a well-formed but inconsistent batch is
 * {@link InvalidRecordException} (INVALID_RECORD), a v0/v1 message set is
 * {@link UnsupportedForMessageFormatException} (UNSUPPORTED_FOR_MESSAGE_FORMAT).
 *
 * <p>Thread contract: stateless, thread-safe. Validation never modifies the buffer.
 */
public final class BatchValidator {

  /** How strictly offsets inside a batch are checked. */
  public enum Mode {
    /**
     * Batches from producers: at least one record, and {@code lastOffsetDelta == recordCount - 1}.
     */
    PRODUCER,
    /**
     * Batches copied from another log (replication, recovery): compaction may have removed records
     * from inside a batch, so only {@code lastOffsetDelta >= recordCount - 1} is required.
     */
    REPLICA
  }

  private BatchValidator() {
  }

  /**
   * Validates every batch between the buffer's position and limit.
   *
   * @param maxBatchBytes the largest accepted batch ({@code max.message.bytes})
   * @return the decoded headers, in order; batch {@code i} starts where batch {@code i-1} ends
   * @throws InvalidRecordException if there is no batch at all
   */
  public static List<BatchHeader> validateAll(ByteBuffer records, int maxBatchBytes, Mode mode) {
    ByteBuffer buffer = records.duplicate(); // big-endian, independent position
    int position = buffer.position();
    int limit = buffer.limit();
    if (position == limit) {
      throw new InvalidRecordException("The append contains no record batch");
    }
    List<BatchHeader> batches = new ArrayList<>(2);
    while (position < limit) {
      BatchHeader header = validateBatch(buffer, position, limit - position, maxBatchBytes, mode,
          position - records.position());
      batches.add(header);
      position += header.sizeInBytes();
    }
    return batches;
  }

  /**
   * Validates the one batch at {@code position} of {@code buffer} (big-endian), of which at most
   * {@code available} bytes are present.
   *
   * @param reportedPosition the position named in error messages (e.g. the file position)
   */
  public static BatchHeader validateBatch(ByteBuffer buffer, int position, int available,
      int maxBatchBytes, Mode mode, long reportedPosition) {
    int size = checkFraming(buffer, position, available, reportedPosition);
    if (size > maxBatchBytes) {
      throw new RecordTooLargeException("Record batch at byte " + reportedPosition + " is " + size
          + " bytes, more than max.message.bytes (" + maxBatchBytes + ")");
    }
    BatchHeader header = BatchHeader.parse(buffer, position);
    checkCrc(header, reportedPosition, crc32c(buffer, position + BatchHeader.ATTRIBUTES_OFFSET,
        size - BatchHeader.ATTRIBUTES_OFFSET));
    checkHeaderFields(header, reportedPosition, mode);
    if (header.compressionType() == CompressionType.NONE) {
      checkRecordFraming(buffer, position, header, reportedPosition);
    }
    return header;
  }

  /**
   * Checks magic and the batch length against the {@code available} bytes when at least the
   * first 17 bytes of the batch are in {@code buffer} at {@code position}.
   *
   * @return the batch size in bytes
   */
  static int checkFraming(ByteBuffer buffer, int position, long available, long reportedPosition) {
    if (available < BatchHeader.LOG_OVERHEAD + 5) {
      throw corrupt(reportedPosition, "only " + available
          + " bytes left, too few for a batch header");
    }
    byte magic = buffer.get(position + BatchHeader.MAGIC_OFFSET);
    if (magic == RecordBatch.MAGIC_VALUE_V0 || magic == RecordBatch.MAGIC_VALUE_V1) {
      throw new UnsupportedForMessageFormatException("Record batch at byte " + reportedPosition
          + " uses message format v" + magic + "; only v2 record batches are accepted");
    }
    if (magic != RecordBatch.MAGIC_VALUE_V2) {
      throw corrupt(reportedPosition, "unknown magic byte " + magic);
    }
    int batchLength = buffer.getInt(position + BatchHeader.LENGTH_OFFSET);
    if (batchLength < BatchHeader.HEADER_SIZE - BatchHeader.LOG_OVERHEAD) {
      throw corrupt(reportedPosition, "batch length " + batchLength
          + " is below the v2 minimum " + (BatchHeader.HEADER_SIZE - BatchHeader.LOG_OVERHEAD));
    }
    long size = (long) batchLength + BatchHeader.LOG_OVERHEAD;
    if (size > available) {
      throw corrupt(reportedPosition, "batch declares " + size + " bytes but only " + available
          + " are present");
    }
    return (int) size;
  }

  /** Compares the stored CRC with {@code computed} (CRC32C of attributes..end). */
  static void checkCrc(BatchHeader header, long reportedPosition, long computed) {
    if (computed != header.crc()) {
      throw corrupt(reportedPosition, String.format(
          "CRC32C mismatch: stored 0x%08x, computed 0x%08x", header.crc(), computed));
    }
  }

  /** Checks the header fields that need no record bytes: codec id, record count, offset delta. */
  static void checkHeaderFields(BatchHeader header, long reportedPosition, Mode mode) {
    if (header.compressionType() == null) {
      throw corrupt(reportedPosition, "unknown compression codec id "
          + (header.attributes() & 0x07));
    }
    int count = header.recordCount();
    int delta = header.lastOffsetDelta();
    if (mode == Mode.PRODUCER) {
      if (count <= 0) {
        throw new InvalidRecordException("Record batch at byte " + reportedPosition
            + " has record count " + count + "; a produced batch needs at least one record");
      }
      if (delta != count - 1) {
        throw new InvalidRecordException("Record batch at byte " + reportedPosition
            + " has lastOffsetDelta " + delta + " but " + count + " records (expected "
            + (count - 1) + ")");
      }
    } else if (count < 0 || delta < 0 || delta < count - 1) {
      throw new InvalidRecordException("Record batch at byte " + reportedPosition
          + " has lastOffsetDelta " + delta + " inconsistent with record count " + count);
    }
  }

  /** Walks the records' varint length prefixes: they must account for every byte of the batch. */
  private static void checkRecordFraming(ByteBuffer buffer, int position, BatchHeader header,
      long reportedPosition) {
    ByteBuffer records = buffer.duplicate();
    records.limit(position + header.sizeInBytes()).position(position + BatchHeader.HEADER_SIZE);
    try {
      for (int i = 0; i < header.recordCount(); i++) {
        int length = ByteUtils.readVarint(records);
        if (length < 0 || length > records.remaining()) {
          throw corrupt(reportedPosition, "record " + i + " declares " + length + " bytes but "
              + records.remaining() + " remain in the batch");
        }
        records.position(records.position() + length);
      }
    } catch (IllegalArgumentException | BufferUnderflowException e) {
      throw corrupt(reportedPosition, "malformed record length prefix");
    }
    if (records.hasRemaining()) {
      throw corrupt(reportedPosition, records.remaining() + " bytes follow the last of "
          + header.recordCount() + " records");
    }
  }

  /** CRC32C of {@code length} bytes at {@code offset}, computed as Kafka does for v2 batches. */
  static long crc32c(ByteBuffer buffer, int offset, int length) {
    ByteBuffer region = buffer.duplicate();
    region.limit(offset + length).position(offset);
    CRC32C crc = new CRC32C();
    crc.update(region);
    return crc.getValue();
  }

  private static CorruptRecordException corrupt(long reportedPosition, String problem) {
    return new CorruptRecordException("Corrupt record batch at byte " + reportedPosition + ": "
        + problem);
  }
}
