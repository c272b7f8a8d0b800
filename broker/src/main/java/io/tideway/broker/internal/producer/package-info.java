/**
 * Producer state (Kafka's {@code ProducerStateManager}; DESIGN.md calls it
 * {@code .log.producer}): per partition and producer id, the producer epoch and the sequence and
 * offset ranges of its last five batches, so that a retried batch is answered with its original
 * offsets and a gap or a stale epoch is refused; and, for transactions, the first offset of its
 * ongoing transaction and the coordinator epoch of its last marker, from which the partition's
 * first unstable offset (and so its last stable offset) follows. Markers are checked here
 * (INVALID_PRODUCER_EPOCH, TRANSACTION_COORDINATOR_FENCED) and end transactions
 * ({@link io.tideway.broker.internal.producer.CompletedTxn}). The state is snapshotted to
 * {@code <offset>.snapshot} files (format v2; v1 still read) in the partition directory and
 * rebuilt on open from the latest snapshot plus a replay of the log after it
 * ({@link io.tideway.broker.internal.producer.LogReplay}), which also refills the
 * aborted-transaction indexes an unclean open emptied. Also the producer-id allocator
 * ({@link io.tideway.broker.internal.producer.ProducerIdBlocks}).
 *
 * <p>Thread contract: {@link io.tideway.broker.internal.producer.ProducerStateManager} is owned by
 * its partition's context and is not thread-safe; its entries
 * ({@link io.tideway.broker.internal.producer.ProducerEntry}) are immutable values, so a snapshot
 * taken on the owner can be written on a worker. Snapshot file I/O and the loader are blocking and
 * run on the {@code tideway-log-io} pool. {@code ProducerIdBlocks} is thread-safe.
 */
package io.tideway.broker.internal.producer;
