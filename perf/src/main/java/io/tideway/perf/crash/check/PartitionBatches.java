package io.tideway.perf.crash.check;

import java.util.List;

/**
 * The raw batch layout of one partition from its log start up to the checked end.
 *
 * <p>Immutable; thread-safe.
 *
 * @param partition the partition
 * @param startOffset the log start offset
 * @param endOffset the checked end (exclusive): the high watermark the check captured
 * @param batches the batches in offset order, the last one possibly reaching past the end
 */
public record PartitionBatches(int partition, long startOffset, long endOffset,
        List<BatchSpan> batches) {

    /** Copies the list. */
    public PartitionBatches {
        batches = List.copyOf(batches);
    }
}
