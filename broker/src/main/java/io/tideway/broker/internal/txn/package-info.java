/**
 * Kafka transactions (exactly-once), the coordinator side: the transaction coordinator's pure
 * state machine ({@link io.tideway.broker.internal.txn.TransactionStateMachine} over immutable
 * {@link io.tideway.broker.internal.txn.TransactionSnapshot}s, with the conversion to the metadata
 * store's {@code TransactionRecord}). The partition side (ongoing transactions in the producer
 * state, the last stable offset, markers, the {@code .txnindex}) lives in
 * {@code internal.producer}, {@code internal.partition} and {@code io.tideway.broker.log}.
 *
 * <p>Thread contract: the state machine and the snapshots are stateless or immutable and
 * thread-safe; the coordinator that drives them must serialise the changes of one transactional
 * id (one owner context) and persist each new snapshot before answering. Nothing here does I/O.
 */
package io.tideway.broker.internal.txn;
