package io.tideway.broker;

import io.tideway.broker.txn.TransactionCoordinator;
import io.vertx.core.Future;

/**
 * The protocol-neutral broker engine as the front ends (Kafka gateway, REST proxy) see it: topics,
 * partitions, producer ids and log directories of one node.
 *
 * <p>Thread contract: every method is thread-safe. Methods that return a Vert.x {@code Future}
 * never block; the future completes on the context that owns the state involved (a partition's
 * owning event loop, or a metadata store thread), so callers hop back to their own context before
 * touching state they own. Failures are Kafka {@link org.apache.kafka.common.errors.ApiException}s
 * (e.g. {@code UnknownTopicOrPartitionException}) so that front ends can map them with
 * {@code Errors.forException}.
 */
public interface Broker {

  /** Identity of the cluster and of this node. */
  ClusterIdentity identity();

  /** Topic administration and the topic catalogue. */
  TopicService topics();

  /** The partitions this node leads (all of them, on a single node). */
  PartitionService partitions();

  /** Producer id allocation for idempotent producers. */
  ProducerIdService producerIds();

  /** Broker-level configuration: describe and dynamic alteration. */
  BrokerConfigService brokerConfigs();

  /** The consumer group coordinator (this node coordinates every group). */
  GroupCoordinator groups();

  /** The transaction coordinator (this node coordinates every transactional id). */
  TransactionCoordinator transactions();

  /** The log directories and what they hold. */
  LogDirService logDirs();

  /**
   * Stops the engine: stops background tasks, flushes and closes every partition log (writing
   * clean-shutdown markers). Does not close the metadata store, which the caller owns.
   */
  Future<Void> close();
}
