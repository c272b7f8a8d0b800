package io.tideway.broker.internal;

import io.tideway.broker.Broker;
import io.tideway.broker.BrokerConfigService;
import io.tideway.broker.ClusterIdentity;
import io.tideway.broker.GroupCoordinator;
import io.tideway.broker.LogDirService;
import io.tideway.broker.PartitionService;
import io.tideway.broker.ProducerIdService;
import io.tideway.broker.internal.exec.BlockingIo;
import io.tideway.broker.internal.exec.EventLoopContexts;
import io.tideway.broker.internal.group.GroupCoordinatorService;
import io.tideway.broker.internal.logdir.LogDirs;
import io.tideway.broker.internal.partition.RetentionScheduler;
import io.tideway.broker.internal.topic.TopicManager;
import io.tideway.broker.internal.txn.TransactionCoordinatorService;
import io.tideway.broker.internal.txn.TransactionMaintenance;
import io.tideway.broker.txn.TransactionCoordinator;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running engine: the services of {@link Broker} over one set of partitions, log directories
 * and worker pool, built by {@link EngineStarter}.
 *
 * <p>Thread contract: thread-safe; the services are. {@link #close} is idempotent and may be
 * called from any thread, including an event loop (every blocking step runs on the worker pool).
 */
public final class BrokerEngine implements Broker {

  private static final Logger log = LoggerFactory.getLogger(BrokerEngine.class);

  private final ClusterIdentity identity;
  private final TopicManager topics;
  private final ProducerIdService producerIds;
  private final BrokerConfigService brokerConfigs;
  private final LogDirs logDirs;
  private final RetentionScheduler retention;
  private final BlockingIo io;
  private final EventLoopContexts contexts;
  private final GroupCoordinatorService groups;
  private final TransactionCoordinatorService transactions;
  private final TransactionMaintenance transactionMaintenance;
  private Future<Void> closing; // guarded by this

  BrokerEngine(ClusterIdentity identity, TopicManager topics, ProducerIdService producerIds,
      BrokerConfigService brokerConfigs, LogDirs logDirs, RetentionScheduler retention,
      BlockingIo io, EventLoopContexts contexts, GroupCoordinatorService groups,
      TransactionCoordinatorService transactions, TransactionMaintenance transactionMaintenance) {
    this.identity = identity;
    this.topics = topics;
    this.producerIds = producerIds;
    this.brokerConfigs = brokerConfigs;
    this.logDirs = logDirs;
    this.retention = retention;
    this.io = io;
    this.contexts = contexts;
    this.groups = groups;
    this.transactions = transactions;
    this.transactionMaintenance = transactionMaintenance;
  }

  @Override
  public ClusterIdentity identity() {
    return identity;
  }

  @Override
  public TopicManager topics() {
    return topics;
  }

  @Override
  public PartitionService partitions() {
    return topics.catalog();
  }

  @Override
  public ProducerIdService producerIds() {
    return producerIds;
  }

  @Override
  public BrokerConfigService brokerConfigs() {
    return brokerConfigs;
  }

  @Override
  public GroupCoordinator groups() {
    return groups;
  }

  @Override
  public TransactionCoordinator transactions() {
    return transactions;
  }

  @Override
  public LogDirService logDirs() {
    return logDirs;
  }

  /** The retention timer, e.g. to run a pass now. */
  public RetentionScheduler retention() {
    return retention;
  }

  /** The transaction coordinator's background work, e.g. to run a pass now. */
  public TransactionMaintenance transactionMaintenance() {
    return transactionMaintenance;
  }

  @Override
  public synchronized Future<Void> close() {
    if (closing == null) {
      long started = System.nanoTime();
      // The transaction timers first: no abort or retry may start on partitions being closed.
      transactionMaintenance.stop();
      transactions.close();
      retention.stop();
      groups.close();
      closing = topics.closeAll()
          .compose(ignored -> io.<Void>run(() -> {
            logDirs.closeFlushers();
            return null;
          }))
          .eventually(io::close)
          .eventually(contexts::close)
          .onComplete(result -> log.atInfo().setMessage("Broker engine stopped")
              .addKeyValue("clean", result.succeeded())
              .addKeyValue("durationMs", (System.nanoTime() - started) / 1_000_000).log());
    }
    return closing;
  }
}
