/**
 * Partitions led by this node: {@link io.tideway.broker.internal.partition.LocalPartition} (the
 * {@code Partition} implementation: produce with idempotent and transactional producer checks,
 * transaction markers ({@link io.tideway.broker.internal.partition.TxnMarkerAppender}), reads
 * under both isolation levels, offset lookups, delete-records, the high watermark and last stable
 * offset and their listeners, DescribeProducers' view), how partitions are opened
 * ({@link io.tideway.broker.internal.partition.PartitionFactory}), their leader-epoch checkpoint,
 * the adapter that records segment lifecycle events in the metadata store's segment index, the
 * producer snapshot writer and the retention timer.
 *
 * <p>Thread contract: a partition is owned by one event-loop context and its state is touched
 * only there, through its {@link io.tideway.broker.internal.exec.OperationQueue}; blocking log
 * calls run on the {@code tideway-log-io} pool while the queue holds back the partition's other
 * operations. Public methods of {@code LocalPartition} are thread-safe; its offset getters read
 * volatile snapshots. Futures complete on the owning context.
 */
package io.tideway.broker.internal.partition;
