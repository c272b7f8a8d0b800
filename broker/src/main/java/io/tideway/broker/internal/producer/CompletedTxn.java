package io.tideway.broker.internal.producer;

/**
 * A transaction that a COMMIT or ABORT marker ended in one partition (Kafka's
 * {@code CompletedTxn}). Only transactions that wrote data in the partition complete; a marker
 * for a producer without an ongoing transaction yields none.
 *
 * <p>Thread contract: an immutable value, thread-safe. Invariant: {@code firstOffset <
 * lastOffset}.
 *
 * @param producerId the producer id
 * @param firstOffset the offset of the transaction's first record in the partition
 * @param lastOffset the offset of the marker
 * @param aborted true for an ABORT marker
 */
public record CompletedTxn(long producerId, long firstOffset, long lastOffset, boolean aborted) {
}
