package io.tideway.broker.log;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;

/**
 * Rewrites validated batches in place before they are written: the base offset and the partition
 * leader epoch (both outside the CRC, so the CRC stays valid) and, under LogAppendTime, the
 * timestamp type and max timestamp, for which kafka-clients'
 * {@link MutableRecordBatch#setMaxTimestamp} recomputes the CRC. Records are never decompressed or
 * re-encoded.
 *
 * <p>Thread contract: stateless, thread-safe; the buffer belongs to the caller.
 */
final class BatchRewriter {

  private BatchRewriter() {
  }

  /**
   * Assigns consecutive offsets from {@code firstOffset} to the batches that start at
   * {@code buffer.position()}, and optionally stamps them with the partition leader epoch (also
   * outside the CRC) and with {@code logAppendTime}.
   *
   * @param leaderEpoch the epoch to stamp, or -1 to keep the batches' own
   * @param logAppendTime the append time to stamp, or -1 to keep the producer's timestamps
   * @return the headers as rewritten
   */
  static List<BatchHeader> assignOffsets(ByteBuffer buffer, List<BatchHeader> batches,
      long firstOffset, int leaderEpoch, long logAppendTime) {
    List<BatchHeader> rewritten = new ArrayList<>(batches.size());
    int position = buffer.position();
    long next = firstOffset;
    for (BatchHeader header : batches) {
      buffer.putLong(position + BatchHeader.BASE_OFFSET_OFFSET, next);
      if (leaderEpoch >= 0) {
        buffer.putInt(position + BatchHeader.PARTITION_LEADER_EPOCH_OFFSET, leaderEpoch);
      }
      if (logAppendTime >= 0) {
        ByteBuffer batchBytes = buffer.duplicate();
        batchBytes.limit(position + header.sizeInBytes()).position(position);
        MutableRecordBatch batch =
            MemoryRecords.readableRecords(batchBytes.slice()).batches().iterator().next();
        batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, logAppendTime);
      }
      BatchHeader updated = BatchHeader.parse(buffer, position);
      rewritten.add(updated);
      next = updated.nextOffset();
      position += header.sizeInBytes();
    }
    return rewritten;
  }

  /**
   * Checks that the batches continue the log exactly at {@code expectedOffset}, each starting
   * where the previous one ended.
   *
   * @throws UnexpectedAppendOffsetException on the first gap or overlap
   */
  static void checkContiguous(List<BatchHeader> batches, long expectedOffset) {
    long expected = expectedOffset;
    for (BatchHeader header : batches) {
      if (header.baseOffset() != expected) {
        throw new UnexpectedAppendOffsetException(expected, header.baseOffset());
      }
      expected = header.nextOffset();
    }
  }
}
