package io.tideway.broker.log;

import java.nio.file.Path;
import org.apache.kafka.common.errors.KafkaStorageException;

/**
 * A sealed segment (one that should be intact on disk) failed validation: a bad batch, an offset
 * gap, or indexes that cannot be rebuilt. The partition must go offline; the broker and every
 * other partition stay up. As a {@link KafkaStorageException} it maps to KAFKA_STORAGE_ERROR.
 *
 * <p>Thread contract: an immutable exception, thread-safe.
 */
public class CorruptSegmentException extends KafkaStorageException {

  private static final long serialVersionUID = 1L;

  private final transient Path segmentFile;
  private final long baseOffset;
  private final long endOffset;

  /**
   * @param segmentFile the damaged {@code .log} file
   * @param baseOffset the segment's base offset
   * @param endOffset the offset after the segment's last one as far as known, or -1
   * @param problem what is wrong, with the byte position where known
   */
  public CorruptSegmentException(Path segmentFile, long baseOffset, long endOffset,
      String problem) {
    super("Corrupt segment " + segmentFile + " (offsets " + baseOffset + " to "
        + (endOffset < 0 ? "?" : Long.toString(endOffset - 1)) + "): " + problem);
    this.segmentFile = segmentFile;
    this.baseOffset = baseOffset;
    this.endOffset = endOffset;
  }

  public Path segmentFile() {
    return segmentFile;
  }

  public long baseOffset() {
    return baseOffset;
  }

  /** The offset after the segment's last one, or -1 if unknown. */
  public long endOffset() {
    return endOffset;
  }
}
