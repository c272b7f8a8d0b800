package io.tideway.broker.internal.txn;

import java.nio.ByteBuffer;
import org.apache.kafka.common.message.FetchResponseData;

/**
 * One aborted transaction of a partition, as stored in Kafka's {@code .txnindex} file: 34 bytes,
 * big-endian {@code version:int16 (0), producerId:int64, firstOffset:int64, lastOffset:int64,
 * lastStableOffset:int64}. {@code lastOffset} is the offset of the abort marker;
 * {@code lastStableOffset} is the partition's last stable offset once the abort completed.
 *
 * <p>Immutable and thread-safe. Invariant: {@code firstOffset <= lastOffset}.
 *
 * @param producerId the producer id
 * @param firstOffset offset of the transaction's first record in this partition
 * @param lastOffset offset of the abort marker
 * @param lastStableOffset the last stable offset after the abort
 */
public record AbortedTransaction(long producerId, long firstOffset, long lastOffset, long lastStableOffset) {

    /** Bytes of one entry in a {@code .txnindex} file. */
    public static final int SIZE = 34;

    private static final short VERSION = 0;

    /** Validates the offsets. */
    public AbortedTransaction {
        if (firstOffset < 0 || firstOffset > lastOffset) {
            throw new IllegalArgumentException("Aborted transaction of producer " + producerId + " has first offset "
                    + firstOffset + " after its last offset " + lastOffset);
        }
    }

    /**
     * Writes the entry at the buffer's position.
     *
     * @param buffer a buffer with at least {@link #SIZE} bytes remaining
     */
    public void writeTo(ByteBuffer buffer) {
        buffer.putShort(VERSION).putLong(producerId).putLong(firstOffset).putLong(lastOffset).putLong(lastStableOffset);
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
            throw new IllegalArgumentException("Transaction index entry has version " + version + ", expected 0");
        }
        return new AbortedTransaction(buffer.getLong(), buffer.getLong(), buffer.getLong(), buffer.getLong());
    }

    /** @return the entry as a Fetch response lists it */
    public FetchResponseData.AbortedTransaction toFetchEntry() {
        return new FetchResponseData.AbortedTransaction().setProducerId(producerId).setFirstOffset(firstOffset);
    }
}
