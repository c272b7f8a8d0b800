package io.tideway.broker.log;

import java.util.concurrent.CompletableFuture;

/**
 * What an append wrote, for the produce response, plus a future that completes when the append is
 * as durable as the log's {@code log.flush.policy} promises.
 *
 * <p>Thread contract: immutable, thread-safe. {@link #durable()} completes on the log directory's
 * flusher thread under {@code group-commit} (already complete under {@code none}), so callers hop
 * back to their own context before touching owned state. Invariants:
 * {@code firstOffset <= lastOffset < logEndOffset}.
 *
 * @param firstOffset offset of the first record appended
 * @param lastOffset offset of the last record appended
 * @param maxTimestamp largest batch max timestamp appended
 * @param offsetOfMaxTimestamp last offset of the batch holding {@code maxTimestamp}
 * @param logAppendTime the append time stamped on the batches under LogAppendTime, else -1
 * @param logStartOffset the log start offset after the append
 * @param logEndOffset the log end offset after the append
 * @param recordCount records appended
 * @param sizeInBytes bytes appended
 * @param durable completes once the batches are durable; fails with a
 *     {@link org.apache.kafka.common.errors.KafkaStorageException} if the fsync failed
 */
public record LogAppendResult(long firstOffset, long lastOffset, long maxTimestamp,
    long offsetOfMaxTimestamp, long logAppendTime, long logStartOffset, long logEndOffset,
    long recordCount, int sizeInBytes, CompletableFuture<Void> durable) {
}
