package io.tideway.broker.log;

/**
 * A record's timestamp and offset, as answered to ListOffsets by timestamp.
 *
 * <p>Thread contract: an immutable value, thread-safe.
 *
 * @param timestamp the record's timestamp (its batch's append time under LogAppendTime)
 * @param offset the record's offset
 */
public record TimestampAndOffset(long timestamp, long offset) {
}
