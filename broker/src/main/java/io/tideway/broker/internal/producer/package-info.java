/**
 * Idempotent-producer state (Kafka's {@code ProducerStateManager}; DESIGN.md calls it
 * {@code .log.producer}): per partition and producer id, the producer epoch and the sequence and
 * offset ranges of its last five batches, so that a retried batch is answered with its original
 * offsets and a gap or a stale epoch is refused. The state is snapshotted to
 * {@code <offset>.snapshot} files in the partition directory and rebuilt on open from the latest
 * snapshot plus the batch headers after it. Also the producer-id allocator
 * ({@link io.tideway.broker.internal.producer.ProducerIdBlocks}).
 *
 * <p>Thread contract: {@link io.tideway.broker.internal.producer.ProducerStateManager} is owned by
 * its partition's context and is not thread-safe; its entries
 * ({@link io.tideway.broker.internal.producer.ProducerEntry}) are immutable values, so a snapshot
 * taken on the owner can be written on a worker. Snapshot file I/O and the loader are blocking and
 * run on the {@code tideway-log-io} pool. {@code ProducerIdBlocks} is thread-safe.
 */
package io.tideway.broker.internal.producer;
