package io.tideway.gateway.handlers.data;

import io.tideway.broker.Partition;
import io.tideway.broker.Partition.AbortedTxn;
import io.tideway.broker.log.FetchSlice;
import java.util.List;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * What reading one partition of a Fetch found (Kafka's {@code LogReadResult}).
 *
 * <p>Thread contract: immutable.
 *
 * @param target the partition read
 * @param error {@code NONE}, or why it could not be read (offsets are then -1)
 * @param slice the records, or null when there are none to send
 * @param highWatermark the high watermark at the read
 * @param lastStableOffset the last stable offset at the read
 * @param logStartOffset the log start offset at the read
 * @param divergingEpoch set when the fetcher's last fetched epoch diverges from the log (KIP-320);
 *     no records are read then
 * @param abortedTransactions under {@code READ_COMMITTED}, the aborted transactions the records
 *     may hold (empty when none or when no records are sent); empty otherwise
 */
record PartitionRead(ReadTarget target, Errors error, FetchSlice slice, long highWatermark,
        long lastStableOffset, long logStartOffset,
        FetchResponseData.EpochEndOffset divergingEpoch, List<AbortedTxn> abortedTransactions) {

    static PartitionRead failed(ReadTarget target, Errors error) {
        return new PartitionRead(target, error, null, -1L, -1L, -1L, null, List.of());
    }

    static PartitionRead of(ReadTarget target, Partition.ReadResult result) {
        FetchSlice slice = result.slice() == null || result.slice().isEmpty() ? null
                : result.slice();
        return new PartitionRead(target, Errors.NONE, slice, result.highWatermark(),
                result.lastStableOffset(), result.logStartOffset(), null,
                slice == null ? List.of() : result.abortedTransactions());
    }

    static PartitionRead diverging(ReadTarget target, Partition partition, int epoch,
            long endOffset) {
        return new PartitionRead(target, Errors.NONE, null, partition.highWatermark(),
                partition.lastStableOffset(), partition.logStartOffset(),
                new FetchResponseData.EpochEndOffset().setEpoch(epoch).setEndOffset(endOffset),
                List.of());
    }

    /** The same read without its records (the response's byte budget is spent). */
    PartitionRead withoutRecords() {
        return new PartitionRead(target, error, null, highWatermark, lastStableOffset,
                logStartOffset, divergingEpoch, List.of());
    }

    /** Record bytes this read contributes. */
    int bytes() {
        return slice == null ? 0 : slice.sizeInBytes();
    }
}
