package io.tideway.broker.log;

import java.nio.ByteBuffer;

/**
 * One aborted transaction of a partition, as stored in Kafka's {@code .txnindex} file: 34 bytes,
 * big-endian {@code version:int16 (0), producerId:int64, firstOffset:int64, lastOffset:int64,
 * lastStableOffset:int64}. {@code lastOffset} is the offset of the ABORT marker;
 * {@code lastStableOffset} is the partition's last stable offset once the abort completed (the
 * first offset of the oldest transaction still open then, else the offset after the marker),
 * which lets a search stop early: no later entry can start below it.
 *
 * <p>Immutable and thread-safe. Invariant: {@code 0 <= firstOffset <= lastOffset}.
 *
 * @param producerId the producer id
 * @param firstOffset offset of the transaction's first record in this partition
 * @param lastOffset offset of the abort marker
 * @param lastStableOffset the last stable offset after the abort
 */
public record AbortedTransaction(long producerId, long firstOffset, long lastOffset,
    long lastStableOffset) {

  /** Bytes of one entry in a {@code .txnindex} file. */
  public static final int SIZE = 34;

  /** The only entry version Kafka defines. */
  static final short VERSION = 0;

  /** Validates the offsets. */
  public AbortedTransaction {
    if (firstOffset < 0 || firstOffset > lastOffset) {
      throw new IllegalArgumentException("Aborted transaction of producer " + producerId
          + " has first offset " + firstOffset + " after its last offset " + lastOffset);
    }
  }

  /**
   * Writes the entry at the buffer's position.
   *
   * @param buffer a buffer with at least {@link #SIZE} bytes remaining
   */
  public void writeTo(ByteBuffer buffer) {
    buffer.putShort(VERSION).putLong(producerId).putLong(firstOffset).putLong(lastOffset)
        .putLong(lastStableOffset);
  }

  /**
   * Reads one entry at the buffer's position.
   *
   * @param buffer a buffer with at least {@link #SIZE} bytes remaining
   * @return the entry
   * @throws IllegalArgumentException when the entry's version is not 0 or its offsets are invalid
   */
  public static AbortedTransaction readFrom(ByteBuffer buffer) {
    short version = buffer.getShort();
    if (version != VERSION) {
      throw new IllegalArgumentException("Transaction index entry has version " + version
          + ", expected " + VERSION);
    }
    return new AbortedTransaction(buffer.getLong(), buffer.getLong(), buffer.getLong(),
        buffer.getLong());
  }
}
