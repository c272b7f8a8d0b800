/**
 * The broker engine behind {@link io.tideway.broker.Broker}: the composition root
 * ({@link io.tideway.broker.internal.EngineStarter},
 * {@link io.tideway.broker.internal.BrokerEngine}) and its parts in the sub-packages: threading
 * primitives ({@code exec}), log directories ({@code logdir}), partitions ({@code partition}),
 * idempotent-producer state ({@code producer}), topic administration ({@code topic}),
 * configuration ({@code config}), the group coordinator ({@code group}) and the transaction
 * coordinator with the partition side of transactions ({@code txn}). Nothing here is API:
 * front ends use {@code io.tideway.broker} only.
 *
 * <p><b>Thread contract.</b> Every partition is owned by one event-loop context from a fixed set
 * ({@link io.tideway.broker.internal.exec.EventLoopContexts}) and runs its operations there, one
 * at a time, in submission order ({@link io.tideway.broker.internal.exec.OperationQueue}). Blocking
 * work (opening logs, deleting segments and directories, snapshot and checkpoint writes, fsync
 * waits) runs on the bounded {@code tideway-log-io} worker pool
 * ({@link io.tideway.broker.internal.exec.BlockingIo}) or on the log directories' flusher threads,
 * never on an event loop. Metadata transactions complete on the metadata store's threads; code
 * that then touches owned state hops back to the owning context first.
 */
package io.tideway.broker.internal;
