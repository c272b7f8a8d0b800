/**
 * Kafka transactions (exactly-once): the transaction coordinator and the partition side of a
 * transactional log.
 *
 * <p><b>Coordinator.</b> {@link io.tideway.broker.internal.txn.TransactionCoordinatorService}
 * implements {@link io.tideway.broker.txn.TransactionCoordinator}: it applies the pure
 * {@link io.tideway.broker.internal.txn.TransactionStateMachine} (with
 * {@link io.tideway.broker.internal.txn.EndTransactionRules} for EndTxn under transaction versions
 * 1 and 2) to immutable {@link io.tideway.broker.internal.txn.TransactionSnapshot}s, stores every
 * new snapshot in the metadata store before acting on it
 * ({@link io.tideway.broker.internal.txn.TransactionStates}), and writes the markers of decided
 * transactions through a {@link io.tideway.broker.internal.txn.TransactionMarkerWriter} (in the
 * engine, {@link io.tideway.broker.internal.txn.PartitionMarkerWriter}) before storing the
 * completed state. {@link io.tideway.broker.internal.txn.TransactionMaintenance} recovers after a
 * start and runs the Vert.x timers that abort timed-out transactions, retry in-doubt ones and
 * remove expired transactional ids, with the
 * {@link io.tideway.broker.internal.txn.TransactionSettings}.
 *
 * <p><b>Partition side</b> (not here): ongoing transactions live in the producer state
 * ({@code internal.producer}), markers and the last stable offset in {@code internal.partition},
 * and the {@code .txnindex} files in {@code io.tideway.broker.log}.
 *
 * <p><b>Thread contract.</b> The state machine, its rules and the snapshots are stateless or
 * immutable and thread-safe. The coordinator, its state access and its maintenance are thread-safe
 * and non-blocking: the changes of one transactional id (requests and background actions alike)
 * run one at a time through a per-id serialiser, each re-reading the stored state; their futures
 * complete on metadata store threads or on the contexts of the partitions and groups written to.
 * Nothing here blocks or does file I/O; metadata transactions run on the store's threads.
 */
package io.tideway.broker.internal.txn;
