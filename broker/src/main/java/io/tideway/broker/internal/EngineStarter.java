package io.tideway.broker.internal;

import io.tideway.broker.BrokerSettings;
import io.tideway.broker.ClusterIdentity;
import io.tideway.broker.internal.config.DynamicBrokerConfigs;
import io.tideway.broker.internal.config.TopicConfigResolver;
import io.tideway.broker.internal.exec.BlockingIo;
import io.tideway.broker.internal.exec.EventLoopContexts;
import io.tideway.broker.internal.group.GroupCoordinatorService;
import io.tideway.broker.internal.group.GroupSettings;
import io.tideway.broker.internal.group.GroupTopics;
import io.tideway.broker.internal.logdir.LogDirMetaProperties;
import io.tideway.broker.internal.logdir.LogDirScanner;
import io.tideway.broker.internal.logdir.LogDirs;
import io.tideway.broker.internal.partition.PartitionFactory;
import io.tideway.broker.internal.partition.RetentionScheduler;
import io.tideway.broker.internal.producer.ProducerIdBlocks;
import io.tideway.broker.internal.topic.TopicLoader;
import io.tideway.broker.internal.topic.TopicManager;
import io.tideway.broker.internal.txn.PartitionMarkerWriter;
import io.tideway.broker.internal.txn.TransactionCoordinatorService;
import io.tideway.broker.internal.txn.TransactionMaintenance;
import io.tideway.broker.log.LogDirFlusher;
import io.tideway.metadata.KeyLayout;
import io.tideway.metadata.MetadataStore;
import io.tideway.metadata.store.BrokerConfigStore;
import io.tideway.metadata.store.BrokerStore;
import io.tideway.metadata.store.ClusterIdStore;
import io.tideway.metadata.store.GroupOffsetStore;
import io.tideway.metadata.store.ProducerIdStore;
import io.tideway.metadata.store.SegmentIndexStore;
import io.tideway.metadata.store.TopicMetadata;
import io.tideway.metadata.store.TopicStore;
import io.tideway.metadata.store.TransactionStateStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InconsistentClusterIdException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the engine, in order: the {@code tideway-log-io} pool and the partition-owner contexts;
 * the cluster id (read or created); each log directory checked against it
 * ({@code meta.properties}) with its flusher (a directory that fails is offline, the broker still
 * starts while one is usable); the broker registration; the dynamic broker configuration; the
 * start-up scan (directories of deleted topics removed); every stored topic's partitions opened
 * (a partition that fails is offline); the group coordinator (it registers the groups that have
 * committed offsets); the transaction coordinator, whose recovery finishes the transactions left in
 * doubt (their markers go to the open partitions and the group coordinator); the retention and
 * transaction timers. If a step fails, what was started is stopped again and the future fails with
 * the cause. Start-up waits for the transaction recovery at most
 * {@link #TRANSACTION_RECOVERY_WAIT}: past that the engine serves and the coordinator answers
 * {@code COORDINATOR_LOAD_IN_PROGRESS} until recovery finishes (a failed recovery is retried by
 * the transaction timer).
 *
 * <p>Thread contract: {@link #start} may be called from any thread; blocking steps run on the
 * worker pool, metadata steps on the store's threads.
 */
public final class EngineStarter {

  /** How long start-up waits for the transaction coordinator's recovery. */
  static final Duration TRANSACTION_RECOVERY_WAIT = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(EngineStarter.class);

  private final Vertx vertx;
  private final BrokerSettings settings;
  private final MetadataStore store;
  private final KeyLayout layout;
  private final Clock clock;
  private final Function<Path, LogDirFlusher> flushers;
  private final EngineOptions options;
  private final BlockingIo io;
  private final TopicConfigResolver resolver;
  private EventLoopContexts contexts;
  private LogDirs logDirs;
  private String clusterId;

  private EngineStarter(Vertx vertx, BrokerSettings settings, MetadataStore store,
      KeyLayout layout, Clock clock, Function<Path, LogDirFlusher> flushers) {
    this.vertx = vertx;
    this.settings = settings;
    this.store = store;
    this.layout = layout;
    this.clock = clock;
    this.flushers = flushers;
    this.options = EngineOptions.from(settings);
    this.io = new BlockingIo(vertx, options.blockingPoolSize());
    this.resolver = new TopicConfigResolver(settings.topicDefaults(), settings.staticConfig());
  }

  /** Starts an engine with fdatasync flushers; see the class comment for the steps. */
  public static Future<BrokerEngine> start(Vertx vertx, BrokerSettings settings,
      MetadataStore store, KeyLayout layout, Clock clock) {
    return start(vertx, settings, store, layout, clock, LogDirFlusher::new);
  }

  /**
   * Starts an engine.
   *
   * @param clock the clock of the logs and of producer expiry
   * @param flushers creates the flusher of a log directory (tests inject their own fsync)
   */
  public static Future<BrokerEngine> start(Vertx vertx, BrokerSettings settings,
      MetadataStore store, KeyLayout layout, Clock clock,
      Function<Path, LogDirFlusher> flushers) {
    if (settings.retentionCheckInterval().isNegative()
        || settings.retentionCheckInterval().isZero()) {
      return Future.failedFuture(new IllegalArgumentException(
          "The retention check interval must be positive, got "
              + settings.retentionCheckInterval()));
    }
    EngineStarter starter = new EngineStarter(vertx, settings, store, layout, clock, flushers);
    long started = System.nanoTime();
    return starter.run().onSuccess(engine -> log.atInfo().setMessage("Broker engine started")
        .addKeyValue("clusterId", engine.identity().clusterId())
        .addKeyValue("nodeId", settings.nodeId())
        .addKeyValue("topics", engine.topics().all().size())
        .addKeyValue("durationMs", (System.nanoTime() - started) / 1_000_000).log());
  }

  private Future<BrokerEngine> run() {
    return EventLoopContexts.deployOnePerEventLoop(vertx)
        .compose(deployed -> {
          contexts = deployed;
          return Future.fromCompletionStage(new ClusterIdStore(store, layout).getOrCreate());
        })
        .compose(id -> {
          clusterId = id;
          return io.run(this::prepareLogDirs);
        })
        .compose(dirs -> {
          logDirs = dirs;
          return register();
        })
        .compose(ignored -> loadDynamicConfigs())
        .compose(ignored -> Future.fromCompletionStage(new TopicStore(store, layout).list()))
        .compose(this::openTopics)
        .compose(topics -> GroupCoordinatorService.start(vertx, contexts,
                new GroupOffsetStore(store, layout), GroupSettings.from(settings),
                GroupTopics.of(topics))
            .compose(groups -> assemble(topics, groups)))
        .recover(this::abort);
  }

  /** Blocking: checks each log directory's cluster id and starts its flusher. */
  private LogDirs prepareLogDirs() {
    List<LogDirs.LogDir> dirs = new ArrayList<>();
    for (Path path : settings.logDirs()) {
      try {
        LogDirMetaProperties.ensure(path, clusterId, settings.nodeId());
        dirs.add(new LogDirs.LogDir(path, flushers.apply(path), null));
      } catch (InconsistentClusterIdException e) {
        dirs.forEach(dir -> dir.flusher().close());
        throw e;
      } catch (IOException | RuntimeException e) {
        log.atError().setMessage("Log directory offline").addKeyValue("logDir", path)
            .addKeyValue("reason", e.toString()).log();
        dirs.add(new LogDirs.LogDir(path, null, e));
      }
    }
    if (dirs.stream().noneMatch(LogDirs.LogDir::online)) {
      throw new KafkaStorageException("No usable log directory among " + settings.logDirs());
    }
    return new LogDirs(dirs);
  }

  private Future<Void> register() {
    if (options.endpoint().isEmpty()) {
      log.atInfo().setMessage("No advertised endpoint with a fixed port; broker not registered")
          .addKeyValue("nodeId", settings.nodeId()).log();
      return Future.succeededFuture();
    }
    EngineOptions.Endpoint endpoint = options.endpoint().get();
    return Future.fromCompletionStage(new BrokerStore(store, layout)
            .register(settings.nodeId(), endpoint.host(), endpoint.port(), settings.rack()))
        .onSuccess(registration -> log.atInfo().setMessage("Registered broker")
            .addKeyValue("nodeId", registration.brokerId())
            .addKeyValue("host", registration.host()).addKeyValue("port", registration.port())
            .addKeyValue("epoch", registration.epoch()).log())
        .mapEmpty();
  }

  private Future<Void> loadDynamicConfigs() {
    return Future.fromCompletionStage(new BrokerConfigStore(store, layout).getAll())
        .map(stored -> {
          Map<String, String> usable = new HashMap<>();
          stored.forEach((name, value) -> {
            try {
              DynamicBrokerConfigs.validate(Map.of(name, value),
                  resolver.staticEntries().keySet());
              usable.put(name, value);
            } catch (RuntimeException e) {
              log.atWarn().setMessage("Ignoring an invalid stored dynamic broker config")
                  .addKeyValue("config", name).addKeyValue("value", value)
                  .addKeyValue("reason", e.getMessage()).log();
            }
          });
          resolver.setDynamicBrokerConfigs(usable);
          return null;
        });
  }

  private Future<TopicManager> openTopics(List<TopicMetadata> topics) {
    Map<String, LogDirScanner.KnownTopic> known = new HashMap<>();
    for (TopicMetadata topic : topics) {
      known.put(topic.name(), new LogDirScanner.KnownTopic(new Uuid(
          topic.id().getMostSignificantBits(), topic.id().getLeastSignificantBits()),
          topic.partitionCount()));
    }
    PartitionFactory factory = new PartitionFactory(io, contexts,
        new SegmentIndexStore(store, layout), clock, options.producerIdExpirationMs());
    return io.run(() -> LogDirScanner.scan(logDirs.dirs(), known))
        .compose(scan -> TopicLoader.load(new TopicStore(store, layout), factory, logDirs,
            resolver, io, settings.numPartitions(), settings.autoCreateTopics(), topics, scan));
  }

  private Future<BrokerEngine> assemble(TopicManager topics, GroupCoordinatorService groups) {
    ProducerIdBlocks producerIds = new ProducerIdBlocks(new ProducerIdStore(store, layout));
    TransactionCoordinatorService transactions = new TransactionCoordinatorService(
        new TransactionStateStore(store, layout), producerIds,
        new PartitionMarkerWriter(topics.catalog(), groups), options.transactions().maxTimeoutMs(),
        clock);
    TransactionMaintenance maintenance = new TransactionMaintenance(vertx, transactions,
        options.transactions());
    return recoverTransactions(maintenance).map(ignored -> {
      DynamicBrokerConfigs brokerConfigs = new DynamicBrokerConfigs(
          new BrokerConfigStore(store, layout), resolver, () -> topics.reapplyConfigs()
          .onFailure(error -> log.atWarn().setMessage("Failed to apply the broker configuration")
              .addKeyValue("reason", error.toString()).log()));
      RetentionScheduler retention = new RetentionScheduler(vertx,
          settings.retentionCheckInterval(), () -> topics.catalog().onlinePartitions());
      retention.start();
      maintenance.start();
      return new BrokerEngine(new ClusterIdentity(clusterId, settings.nodeId(), settings.rack()),
          topics, producerIds, brokerConfigs, logDirs, retention, io, contexts, groups,
          transactions, maintenance);
    });
  }

  /**
   * Runs the transaction recovery and completes when it has, or after
   * {@link #TRANSACTION_RECOVERY_WAIT} (it continues in the background); never fails.
   */
  private Future<Void> recoverTransactions(TransactionMaintenance maintenance) {
    Promise<Void> bounded = Promise.promise();
    long timer = vertx.setTimer(TRANSACTION_RECOVERY_WAIT.toMillis(), id -> {
      if (bounded.tryComplete()) {
        log.atWarn().setMessage("Transaction recovery continues in the background; "
                + "the coordinator answers COORDINATOR_LOAD_IN_PROGRESS until it finishes")
            .addKeyValue("waitedMs", TRANSACTION_RECOVERY_WAIT.toMillis()).log();
      }
    });
    maintenance.recover().onComplete(ignored -> {
      vertx.cancelTimer(timer);
      bounded.tryComplete();
    });
    return bounded.future();
  }

  private Future<BrokerEngine> abort(Throwable cause) {
    log.atError().setMessage("Broker engine failed to start").addKeyValue("reason",
        cause.toString()).log();
    Future<Void> flushers = logDirs == null ? Future.succeededFuture() : io.run(() -> {
      logDirs.closeFlushers();
      return null;
    });
    return flushers.eventually(io::close)
        .eventually(() -> contexts == null ? Future.succeededFuture() : contexts.close())
        .transform(ignored -> Future.failedFuture(cause));
  }
}
