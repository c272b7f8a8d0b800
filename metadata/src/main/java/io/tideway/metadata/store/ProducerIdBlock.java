package io.tideway.metadata.store;

/**
 * A block of producer ids handed to one broker: {@code firstId} to {@code lastId()} inclusive.
 * Immutable.
 *
 * @param firstId the first id of the block (0 or more)
 * @param size how many ids the block holds (1 or more)
 */
public record ProducerIdBlock(long firstId, int size) {

    /** Validates the fields. */
    public ProducerIdBlock {
        if (firstId < 0) {
            throw new IllegalArgumentException("First producer id must not be negative, got " + firstId);
        }
        if (size < 1) {
            throw new IllegalArgumentException("Producer id block size must be at least 1, got " + size);
        }
    }

    /** @return the last id of the block */
    public long lastId() {
        return firstId + size - 1;
    }
}
