package io.tideway.broker.internal.topic;

import io.tideway.broker.ConfigEntryView;
import io.tideway.broker.TopicInfo;
import io.tideway.broker.TopicService;
import io.tideway.broker.TopicSpec;
import io.tideway.broker.internal.config.TopicConfigResolver;
import io.tideway.broker.internal.partition.LocalPartition;
import io.tideway.metadata.store.TopicStore;
import io.tideway.metadata.store.UnknownTopicException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TopicService}: validates requests with Kafka's rules ({@link TopicRequests}), changes
 * the metadata store first ({@link TopicStore}) and the partitions' logs second
 * ({@link TopicLogs}), and publishes the result in the {@link TopicCatalog}.
 *
 * <ul>
 *   <li>Create: one metadata transaction, then every partition's log; if a log cannot be created,
 *       the opened ones are deleted and the topic is deleted from the metadata store again.
 *   <li>Delete: the metadata transaction first (the topic is gone for clients), then each log is
 *       closed and its directory renamed to {@code *-delete} and removed on the worker pool.
 *   <li>CreatePartitions: the count only grows; new partitions are placed like new topics'.
 *   <li>Configs: validated against {@code TopicConfigKeys}, persisted, then applied to every open
 *       log on its own context.
 *   <li>Auto-creation: concurrent calls for one name share one creation.
 * </ul>
 *
 * <p>Thread contract: thread-safe. Administrative changes run one at a time, in call order, through
 * a chain of futures, so the catalogue and the metadata store change in the same order. Failures
 * are Kafka {@link ApiException}s ({@link AdminErrors}).
 */
public final class TopicManager implements TopicService {

  private static final Logger log = LoggerFactory.getLogger(TopicManager.class);

  private final TopicStore store;
  private final TopicCatalog catalog;
  private final TopicLogs logs;
  private final TopicConfigResolver resolver;
  private final int defaultPartitions;
  private final boolean autoCreateEnabled;
  private final Map<String, Future<TopicInfo>> autoCreating = new ConcurrentHashMap<>();
  private Future<?> adminTail = Future.succeededFuture(); // guarded by this

  TopicManager(TopicStore store, TopicCatalog catalog, TopicLogs logs,
      TopicConfigResolver resolver, int defaultPartitions, boolean autoCreateEnabled) {
    this.store = store;
    this.catalog = catalog;
    this.logs = logs;
    this.resolver = resolver;
    this.defaultPartitions = defaultPartitions;
    this.autoCreateEnabled = autoCreateEnabled;
  }

  /** The catalogue of topics and partitions (the {@code PartitionService}). */
  public TopicCatalog catalog() {
    return catalog;
  }

  @Override
  public Collection<TopicInfo> all() {
    return catalog.entries().stream().map(TopicCatalog.Entry::info).toList();
  }

  @Override
  public Optional<TopicInfo> byName(String name) {
    return catalog.entry(name).map(TopicCatalog.Entry::info);
  }

  @Override
  public Optional<TopicInfo> byId(Uuid id) {
    return catalog.entry(id).map(TopicCatalog.Entry::info);
  }

  @Override
  public Future<TopicInfo> create(TopicSpec spec, boolean validateOnly) {
    TopicRequests.ValidCreate valid;
    try {
      valid = TopicRequests.validateCreate(spec, defaultPartitions, resolver);
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
    return serial("Creating topic " + spec.name(), () -> {
      if (catalog.entry(valid.name()).isPresent()) {
        throw new TopicExistsException("Topic '" + valid.name() + "' already exists.");
      }
      TopicRequests.checkCollision(valid.name(), names());
      if (validateOnly) {
        return Future.succeededFuture(new TopicInfo(valid.name(), Uuid.ZERO_UUID,
            valid.partitions(), valid.configs(), Topic.isInternal(valid.name())));
      }
      return Future.fromCompletionStage(
              store.create(valid.name(), valid.partitions(), valid.configs()))
          .recover(error -> Future.failedFuture(translate(error, valid.name())))
          .compose(created -> createLogs(TopicLogs.toInfo(created)));
    });
  }

  private Future<TopicInfo> createLogs(TopicInfo topic) {
    return logs.create(topic, 0, topic.partitionCount()).compose(slots -> {
      Optional<Throwable> failure = slots.stream().map(TopicCatalog.Slot::offlineCause)
          .filter(cause -> cause != null).findFirst();
      if (failure.isEmpty()) {
        catalog.put(new TopicCatalog.Entry(topic, slots));
        log.atInfo().setMessage("Created topic").addKeyValue("topic", topic.name())
            .addKeyValue("topicId", topic.id()).addKeyValue("partitions", topic.partitionCount())
            .addKeyValue("configs", topic.configOverrides()).log();
        return Future.succeededFuture(topic);
      }
      log.atError().setMessage("Topic creation failed; undoing it").addKeyValue("topic",
          topic.name()).addKeyValue("reason", failure.get().toString()).log();
      return logs.delete(topic.name(), slots)
          .compose(ignored -> Future.fromCompletionStage(store.delete(uuid(topic.id()))))
          .transform(ignored -> Future.failedFuture(new KafkaStorageException(
              "Could not create the logs of topic '" + topic.name() + "': "
                  + failure.get().getMessage(), failure.get())));
    });
  }

  @Override
  public Future<TopicInfo> autoCreate(String name) {
    Optional<TopicInfo> existing = byName(name);
    if (existing.isPresent()) {
      return Future.succeededFuture(existing.get());
    }
    if (!autoCreateEnabled) {
      return Future.failedFuture(new UnknownTopicOrPartitionException("Topic '" + name
          + "' does not exist and auto.create.topics.enable is false"));
    }
    Promise<TopicInfo> promise = Promise.promise();
    Future<TopicInfo> running = autoCreating.putIfAbsent(name, promise.future());
    if (running != null) {
      return running;
    }
    create(new TopicSpec(name, -1, (short) -1, Map.of()), false)
        .recover(error -> error instanceof TopicExistsException && byName(name).isPresent()
            ? Future.succeededFuture(byName(name).get()) : Future.failedFuture(error))
        .onComplete(result -> {
          autoCreating.remove(name, promise.future());
          promise.handle(result);
        });
    return promise.future();
  }

  @Override
  public boolean autoCreateEnabled() {
    return autoCreateEnabled;
  }

  @Override
  public Future<TopicInfo> delete(String name) {
    return serial("Deleting topic " + name, () -> deleteEntry(catalog.entry(name).orElseThrow(
        () -> new UnknownTopicOrPartitionException("Topic '" + name + "' does not exist."))));
  }

  @Override
  public Future<TopicInfo> delete(Uuid id) {
    return serial("Deleting topic " + id, () -> deleteEntry(catalog.entry(id).orElseThrow(
        () -> new UnknownTopicIdException("Topic id " + id + " does not exist."))));
  }

  private Future<TopicInfo> deleteEntry(TopicCatalog.Entry entry) {
    TopicInfo topic = entry.info();
    return Future.fromCompletionStage(store.delete(uuid(topic.id())))
        .recover(error -> AdminErrors.unwrap(error) instanceof UnknownTopicException
            ? Future.succeededFuture() : Future.failedFuture(error))
        .compose(ignored -> {
          catalog.remove(topic.name());
          log.atInfo().setMessage("Deleted topic").addKeyValue("topic", topic.name())
              .addKeyValue("topicId", topic.id()).log();
          return logs.delete(topic.name(), entry.slots());
        })
        .map(topic);
  }

  @Override
  public Future<TopicInfo> createPartitions(String name, int totalCount, boolean validateOnly) {
    return serial("Creating partitions of " + name, () -> {
      TopicCatalog.Entry entry = require(name);
      int current = entry.info().partitionCount();
      TopicRequests.validateNewCount(name, current, totalCount);
      TopicInfo grown = new TopicInfo(name, entry.info().id(), totalCount,
          entry.info().configOverrides(), entry.info().internal());
      if (validateOnly) {
        return Future.succeededFuture(grown);
      }
      return Future.fromCompletionStage(store.addPartitions(name, totalCount))
          .recover(error -> Future.failedFuture(translate(error, name)))
          .compose(ignored -> logs.create(grown, current, totalCount))
          .compose(added -> {
            List<TopicCatalog.Slot> slots = new ArrayList<>(entry.slots());
            slots.addAll(added);
            catalog.put(new TopicCatalog.Entry(grown, slots));
            log.atInfo().setMessage("Added partitions").addKeyValue("topic", name)
                .addKeyValue("from", current).addKeyValue("to", totalCount).log();
            return added.stream().filter(slot -> slot.offlineCause() != null).findFirst()
                .<Future<TopicInfo>>map(slot -> Future.failedFuture(new KafkaStorageException(
                    "Partitions of '" + name + "' were added but some could not be opened: "
                        + slot.offlineCause().getMessage(), slot.offlineCause())))
                .orElseGet(() -> Future.succeededFuture(grown));
          });
    });
  }

  @Override
  public Future<List<ConfigEntryView>> describeConfigs(String name) {
    Optional<TopicCatalog.Entry> entry = catalog.entry(name);
    return entry.isEmpty() ? Future.failedFuture(unknown(name))
        : Future.succeededFuture(resolver.describe(entry.get().info().configOverrides()));
  }

  @Override
  public Future<TopicInfo> replaceConfigs(String name, Map<String, String> overrides,
      boolean validateOnly) {
    try {
      TopicRequests.validateConfigs(overrides, resolver);
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
    Map<String, String> copy = Map.copyOf(overrides);
    return serial("Altering configs of " + name, () -> {
      TopicCatalog.Entry entry = require(name);
      TopicInfo current = entry.info();
      TopicInfo altered = new TopicInfo(name, current.id(), current.partitionCount(), copy,
          current.internal());
      if (validateOnly) {
        return Future.succeededFuture(altered);
      }
      Set<String> removed = new HashSet<>(current.configOverrides().keySet());
      removed.removeAll(copy.keySet());
      return Future.fromCompletionStage(store.alterConfigs(name, copy, removed))
          .recover(error -> Future.failedFuture(translate(error, name)))
          .compose(stored -> {
            catalog.put(new TopicCatalog.Entry(altered, entry.slots()));
            log.atInfo().setMessage("Altered topic configs").addKeyValue("topic", name)
                .addKeyValue("configs", copy).log();
            return apply(altered, entry.online()).map(altered);
          });
    });
  }

  /** Re-applies every topic's effective configuration (after a dynamic broker change). */
  public Future<Void> reapplyConfigs() {
    List<Future<Void>> applied = new ArrayList<>();
    for (TopicCatalog.Entry entry : catalog.entries()) {
      applied.add(apply(entry.info(), entry.online()));
    }
    return Future.join(applied).mapEmpty();
  }

  private Future<Void> apply(TopicInfo topic, List<LocalPartition> partitions) {
    List<Future<Void>> applied = new ArrayList<>();
    for (LocalPartition partition : partitions) {
      applied.add(partition.applyConfig(resolver.logConfig(topic.configOverrides()),
          resolver.retentionDeletes(topic.configOverrides())));
    }
    return Future.join(applied).mapEmpty();
  }

  /** Closes every open partition (broker shutdown). */
  public Future<Void> closeAll() {
    return TopicLogs.close(catalog.onlinePartitions());
  }

  private <T> Future<T> serial(String operation, Supplier<Future<T>> task) {
    Promise<T> promise = Promise.promise();
    Future<?> previous;
    synchronized (this) {
      previous = adminTail;
      adminTail = promise.future();
    }
    previous.onComplete(ignored -> {
      Future<T> result;
      try {
        result = task.get();
      } catch (RuntimeException e) {
        result = Future.failedFuture(e);
      }
      result.onComplete(outcome -> {
        if (outcome.succeeded()) {
          promise.complete(outcome.result());
        } else {
          promise.fail(AdminErrors.toApi(outcome.cause(), operation));
        }
      });
    });
    return promise.future();
  }

  private TopicCatalog.Entry require(String name) {
    return catalog.entry(name).orElseThrow(() -> unknown(name));
  }

  private List<String> names() {
    return catalog.entries().stream().map(entry -> entry.info().name()).toList();
  }

  private static UnknownTopicOrPartitionException unknown(String name) {
    return new UnknownTopicOrPartitionException("Topic '" + name + "' does not exist.");
  }

  private static Throwable translate(Throwable error, String name) {
    Throwable cause = AdminErrors.unwrap(error);
    if (cause instanceof io.tideway.metadata.store.TopicExistsException) {
      return new TopicExistsException("Topic '" + name + "' already exists.");
    }
    if (cause instanceof UnknownTopicException) {
      return unknown(name);
    }
    return cause;
  }

  private static UUID uuid(Uuid id) {
    return new UUID(id.getMostSignificantBits(), id.getLeastSignificantBits());
  }
}
