package io.tideway.broker.internal.producer;

/**
 * What the producer state remembers of one appended idempotent batch: enough to recognise a retry
 * and answer it with the original offsets.
 *
 * <p>Thread contract: an immutable value, thread-safe. Invariants: {@code firstOffset <=
 * lastOffset}; {@code lastSeq} is {@code firstSeq} plus the record count minus one, modulo the
 * wrap from {@code Integer.MAX_VALUE} to 0.
 *
 * @param firstSeq the batch's base sequence
 * @param lastSeq the batch's last sequence
 * @param firstOffset offset of its first record
 * @param lastOffset offset of its last record
 * @param timestamp its max timestamp (the append time under LogAppendTime)
 */
public record BatchMetadata(int firstSeq, int lastSeq, long firstOffset, long lastOffset,
    long timestamp) {
}
