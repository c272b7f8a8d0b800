/**
 * Kafka transactions as the front ends see them: the {@link io.tideway.broker.txn.TransactionCoordinator}
 * of this node and the values it answers with. The implementation lives in
 * {@code io.tideway.broker.internal.txn}; the partition side (ongoing transactions, last stable
 * offset, {@code .txnindex}) is part of {@link io.tideway.broker.Partition}.
 *
 * <p>Thread contract: every type here is an immutable value or a thread-safe, non-blocking
 * service whose futures complete on a metadata-store or event-loop thread.
 */
package io.tideway.broker.txn;
