package io.tideway.broker.log;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.record.internal.MemoryRecords;

/** Appends to a bare {@link LogSegment} the way {@link PartitionLog} does. */
final class SegmentTestSupport {

  private SegmentTestSupport() {
  }

  /** Validates, assigns offsets from the segment's next offset and appends; returns the headers. */
  static List<BatchHeader> append(LogSegment segment, MemoryRecords records, int indexInterval)
      throws Exception {
    ByteBuffer buffer = TestRecords.copy(records);
    List<BatchHeader> batches = BatchValidator.validateAll(buffer, Integer.MAX_VALUE,
        BatchValidator.Mode.PRODUCER);
    List<BatchHeader> rewritten =
        BatchRewriter.assignOffsets(buffer, batches, segment.nextOffset(), -1, -1);
    segment.append(buffer, rewritten, indexInterval);
    return rewritten;
  }
}
