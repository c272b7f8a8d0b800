package io.tideway.metadata.store;

import java.util.Objects;

/**
 * A transactional offset awaiting its transaction's end (see {@link TransactionalOffsetStore}).
 * Immutable.
 *
 * @param key the producer, group and partition
 * @param producerEpoch the epoch of the TxnOffsetCommit that staged it
 * @param offset the offset it commits, with the time of the TxnOffsetCommit
 */
public record PendingOffset(PendingOffsetKey key, short producerEpoch, CommittedOffset offset) {

    /** Validates the fields. */
    public PendingOffset {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(offset, "offset");
    }
}
