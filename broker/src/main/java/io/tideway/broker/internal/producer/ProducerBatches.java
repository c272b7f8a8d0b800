package io.tideway.broker.internal.producer;

import io.tideway.broker.log.BatchHeader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * Reads the headers of the v2 batches of a produce request, before the log validates them, so that
 * producer sequences and epochs can be checked first. Nothing is validated here beyond what is
 * needed to walk the batches safely; a request that cannot be walked is left to the log's
 * validator, which rejects it with the precise error.
 *
 * <p>Thread contract: stateless, thread-safe; the buffer is only read (absolute reads).
 */
public final class ProducerBatches {

  private ProducerBatches() {
  }

  /**
   * The headers of the batches between the buffer's position and limit, or empty when the bytes
   * are not a sequence of well-framed v2 batches.
   */
  public static Optional<List<BatchHeader>> headers(ByteBuffer records) {
    List<BatchHeader> headers = new ArrayList<>(1);
    int position = records.position();
    int limit = records.limit();
    if (position == limit) {
      return Optional.empty();
    }
    while (position < limit) {
      if (limit - position < BatchHeader.HEADER_SIZE
          || records.get(position + 16) != RecordBatch.MAGIC_VALUE_V2) {
        return Optional.empty();
      }
      int batchLength = records.getInt(position + 8);
      long size = (long) batchLength + BatchHeader.LOG_OVERHEAD;
      if (size < BatchHeader.HEADER_SIZE || size > limit - position) {
        return Optional.empty();
      }
      headers.add(BatchHeader.parse(records, position));
      position += (int) size;
    }
    return Optional.of(headers);
  }
}
