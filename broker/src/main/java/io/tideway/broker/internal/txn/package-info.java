/**
 * Kafka transactions (exactly-once), the parts built so far: the transaction coordinator's pure
 * state machine ({@link io.tideway.broker.internal.txn.TransactionStateMachine} over immutable
 * {@link io.tideway.broker.internal.txn.TransactionSnapshot}s, with the conversion to the metadata
 * store's {@code TransactionRecord}), and the partition side that a transactional log needs: the
 * ongoing transactions, last stable offset and aborted-transaction list of one partition
 * ({@link io.tideway.broker.internal.txn.PartitionTransactions}) and the entries of Kafka's
 * {@code .txnindex} file format ({@link io.tideway.broker.internal.txn.AbortedTransaction}).
 *
 * <p>Thread contract: the state machine and the snapshots are stateless or immutable and
 * thread-safe; the coordinator that drives them must serialise the changes of one transactional
 * id (one owner context) and persist each new snapshot before answering. {@code
 * PartitionTransactions} is owned by its partition's context and is not thread-safe. Nothing here
 * does I/O.
 */
package io.tideway.broker.internal.txn;
