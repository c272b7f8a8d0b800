package io.tideway.metadata.store;

import java.util.List;

/**
 * What {@link GroupOffsetStore#expire} removed. Immutable.
 *
 * @param expired the partitions whose committed offsets were deleted
 * @param noneLeft whether the group has no committed and no pending offsets afterwards
 */
public record ExpiredOffsets(List<PartitionName> expired, boolean noneLeft) {

    /** Copies the list. */
    public ExpiredOffsets {
        expired = List.copyOf(expired);
    }
}
