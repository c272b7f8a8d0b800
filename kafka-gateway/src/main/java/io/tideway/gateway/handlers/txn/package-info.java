/**
 * The Kafka transaction APIs (KIP-98, with the transaction version 2 protocol of KIP-890):
 * AddPartitionsToTxn, AddOffsetsToTxn, EndTxn, TxnOffsetCommit, and the admin APIs
 * DescribeTransactions, ListTransactions and DescribeProducers, one {@link
 * io.tideway.gateway.ApiHandler} per API key, built by {@link
 * io.tideway.gateway.handlers.txn.TxnHandlers#create}.
 *
 * <p>The handlers are thin: they translate request versions (the v4+ batched AddPartitionsToTxn,
 * TxnOffsetCommit v6 topic ids), apply the checks Kafka's {@code KafkaApis} makes before the
 * coordinator (unknown topics and partitions, empty ids) and map the coordinator's Kafka
 * exceptions to error codes per version as Kafka does ({@code PRODUCER_FENCED} for old clients,
 * the group coordinator's translations for TxnOffsetCommit). Transaction state and its rules
 * belong to the engine's {@link io.tideway.broker.txn.TransactionCoordinator}; pending offsets to
 * its {@link io.tideway.broker.GroupCoordinator}. InitProducerId and the transactional paths of
 * Produce, Fetch and ListOffsets live with the data handlers.
 *
 * <p><b>Threading and ownership.</b> Handlers are stateless and never block: {@code handle} runs
 * on the connection's event loop; the coordinators' futures complete on metadata-store or
 * partition-owner threads, and the gateway writes the reply from any thread in request order.
 * Per-request state (the answers of a batched request) is assembled only after every future it
 * waits for has completed ({@code Future.join}), which orders those completions before the
 * assembly; nothing is shared between requests.
 */
package io.tideway.gateway.handlers.txn;
