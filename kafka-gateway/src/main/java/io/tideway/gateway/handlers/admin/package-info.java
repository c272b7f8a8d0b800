/**
 * The Kafka admin and catalogue APIs: Metadata, CreateTopics, DeleteTopics, CreatePartitions,
 * DescribeConfigs, AlterConfigs, IncrementalAlterConfigs, DescribeCluster,
 * DescribeTopicPartitions and DescribeLogDirs, one {@link io.tideway.gateway.ApiHandler} per API
 * key, served over the broker engine's public API ({@link io.tideway.broker.Broker}).
 *
 * <p>Public surface: {@link io.tideway.gateway.handlers.admin.AdminHandlers#create}, which builds
 * every handler for one node. Everything else is package-private.
 *
 * <p>Semantics follow Apache Kafka 4.4.0 as a single combined broker/controller node without an
 * authorizer: the same error codes and messages for bad input, per-topic and per-resource errors
 * that never fail the whole request for one bad entry (except Kafka's whole-request cap of 10,000
 * new partitions, {@code PartitionBudget}), and authorized-operation bit fields that
 * list every operation Kafka supports on the resource (what Kafka reports with no authorizer).
 * Where Tideway lacks a Kafka feature (broker loggers, group or client-metrics configs) the
 * handler answers the precise per-resource error and its Javadoc says so.
 *
 * <p>Threading and ownership: handlers are stateless and thread-safe; one instance serves every
 * connection on every event loop. {@code handle} runs on the requesting connection's event loop
 * and never blocks it: it reads the engine's immutable catalogue snapshots and chains the
 * engine's futures. Those futures complete on engine contexts (partition event loops, metadata
 * store threads), so continuations never touch shared state: each request builds its own
 * response objects, and per-entry results are collected only after every engine future has
 * completed ({@code Future.join}), which gives the final assembly a happens-before edge over
 * every partial result. The gateway hops back to the connection's context before writing.
 */
package io.tideway.gateway.handlers.admin;
