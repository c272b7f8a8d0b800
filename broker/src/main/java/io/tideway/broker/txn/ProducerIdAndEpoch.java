package io.tideway.broker.txn;

/**
 * A producer id and epoch handed to a transactional producer. Immutable.
 *
 * @param producerId the producer id
 * @param epoch the epoch
 */
public record ProducerIdAndEpoch(long producerId, short epoch) {
}
