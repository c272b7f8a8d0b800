package io.tideway.broker.log;

import java.nio.ByteBuffer;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.CompressionType;

/**
 * The fixed 61-byte header of a Kafka v2 record batch, decoded without touching the records.
 *
 * <p>Layout (big-endian): baseOffset int64 @0, batchLength int32 @8 (bytes after this field),
 * partitionLeaderEpoch int32 @12, magic int8 @16, crc uint32 @17 (CRC32C of attributes..end),
 * attributes int16 @21, lastOffsetDelta int32 @23, baseTimestamp int64 @27, maxTimestamp int64
 * @35, producerId int64 @43, producerEpoch int16 @51, baseSequence int32 @53, recordCount int32
 * @57, records @61. The CRC does not cover baseOffset, batchLength, partitionLeaderEpoch or magic,
 * which is why the log may rewrite the base offset in place.
 *
 * <p>Thread contract: an immutable value, thread-safe. Invariants: none beyond the decoded bytes;
 * {@link BatchValidator} is what checks them.
 *
 * @param baseOffset offset of the first record
 * @param sizeInBytes whole batch size: {@code batchLength + 12}
 * @param partitionLeaderEpoch leader epoch stamped by the writer, or -1
 * @param magic format version (2 for every batch the log accepts)
 * @param crc stored CRC32C, unsigned
 * @param attributes compression (bits 0-2), timestamp type (3), transactional (4), control (5)
 * @param lastOffsetDelta {@code lastOffset - baseOffset}
 * @param baseTimestamp timestamp of the first record
 * @param maxTimestamp largest record timestamp (the append time under LogAppendTime)
 * @param producerId producer id, or -1
 * @param producerEpoch producer epoch, or -1
 * @param baseSequence sequence of the first record, or -1
 * @param recordCount number of records in the batch
 */
public record BatchHeader(long baseOffset, int sizeInBytes, int partitionLeaderEpoch, byte magic,
    long crc, short attributes, int lastOffsetDelta, long baseTimestamp, long maxTimestamp,
    long producerId, short producerEpoch, int baseSequence, int recordCount) {

  /** Bytes before the batch length field's end: baseOffset + batchLength. */
  public static final int LOG_OVERHEAD = 12;
  /** Size of the v2 header; a batch is at least this long. */
  public static final int HEADER_SIZE = 61;

  static final int BASE_OFFSET_OFFSET = 0;
  static final int LENGTH_OFFSET = 8;
  static final int PARTITION_LEADER_EPOCH_OFFSET = 12;
  static final int MAGIC_OFFSET = 16;
  static final int CRC_OFFSET = 17;
  static final int ATTRIBUTES_OFFSET = 21;
  static final int LAST_OFFSET_DELTA_OFFSET = 23;
  static final int BASE_TIMESTAMP_OFFSET = 27;
  static final int MAX_TIMESTAMP_OFFSET = 35;
  static final int PRODUCER_ID_OFFSET = 43;
  static final int PRODUCER_EPOCH_OFFSET = 51;
  static final int BASE_SEQUENCE_OFFSET = 53;
  static final int RECORD_COUNT_OFFSET = 57;

  private static final int COMPRESSION_MASK = 0x07;
  private static final int TIMESTAMP_TYPE_MASK = 0x08;
  private static final int TRANSACTIONAL_MASK = 0x10;
  private static final int CONTROL_MASK = 0x20;

  /**
   * Decodes the header at {@code position} using absolute reads (the buffer's position is not
   * moved). The caller guarantees {@link #HEADER_SIZE} readable bytes there and big-endian order.
   */
  public static BatchHeader parse(ByteBuffer buffer, int position) {
    return new BatchHeader(
        buffer.getLong(position + BASE_OFFSET_OFFSET),
        buffer.getInt(position + LENGTH_OFFSET) + LOG_OVERHEAD,
        buffer.getInt(position + PARTITION_LEADER_EPOCH_OFFSET),
        buffer.get(position + MAGIC_OFFSET),
        Integer.toUnsignedLong(buffer.getInt(position + CRC_OFFSET)),
        buffer.getShort(position + ATTRIBUTES_OFFSET),
        buffer.getInt(position + LAST_OFFSET_DELTA_OFFSET),
        buffer.getLong(position + BASE_TIMESTAMP_OFFSET),
        buffer.getLong(position + MAX_TIMESTAMP_OFFSET),
        buffer.getLong(position + PRODUCER_ID_OFFSET),
        buffer.getShort(position + PRODUCER_EPOCH_OFFSET),
        buffer.getInt(position + BASE_SEQUENCE_OFFSET),
        buffer.getInt(position + RECORD_COUNT_OFFSET));
  }

  /** Offset of the last record (by offset delta; compaction may leave gaps inside). */
  public long lastOffset() {
    return baseOffset + lastOffsetDelta;
  }

  /** The offset right after this batch. */
  public long nextOffset() {
    return lastOffset() + 1;
  }

  /** The codec of the records section, or {@code null} for an unknown codec id. */
  public CompressionType compressionType() {
    int id = attributes & COMPRESSION_MASK;
    return id <= CompressionType.ZSTD.id ? CompressionType.forId(id) : null;
  }

  public TimestampType timestampType() {
    return (attributes & TIMESTAMP_TYPE_MASK) == 0
        ? TimestampType.CREATE_TIME : TimestampType.LOG_APPEND_TIME;
  }

  public boolean isTransactional() {
    return (attributes & TRANSACTIONAL_MASK) != 0;
  }

  public boolean isControl() {
    return (attributes & CONTROL_MASK) != 0;
  }
}
