package io.tideway.broker.internal.group;

import io.tideway.broker.GroupCoordinator;
import io.tideway.broker.GroupRequestContext;
import io.tideway.broker.internal.exec.EventLoopContexts;
import io.tideway.broker.txn.TransactionCoordinator;
import io.tideway.metadata.store.GroupOffsetStore;
import io.tideway.metadata.store.TransactionalOffsetStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link GroupCoordinator} of the engine: one {@link GroupShard} per partition-owner context,
 * a group owned by the context its id hashes to ({@link EventLoopContexts#forKey}). Each call hops
 * to the owner and runs there; ListGroups asks every shard. At start-up, every group with
 * committed or pending transactional offsets is registered (Empty); a periodic timer expires
 * offsets and idle transactional producers' epoch records.
 *
 * <p>A transaction marker ({@link #completeTransaction}) is applied in one metadata transaction
 * to every group of its offsets partition, whatever shard owns them; the shards of the groups it
 * changed are then told, and the returned future completes after that, so an OffsetFetch issued
 * after it sees the outcome.
 *
 * <p>Thread contract: thread-safe; shards are confined to their contexts.
 */
public final class GroupCoordinatorService implements GroupCoordinator {

  private static final Logger log = LoggerFactory.getLogger(GroupCoordinatorService.class);

  private final List<Context> contexts;
  private final List<GroupShard> shards;
  private final Vertx vertx;
  private final TransactionalOffsetStore transactional;
  private final GroupSettings settings;
  private final long expiryTimer;

  private GroupCoordinatorService(Vertx vertx, List<Context> contexts, List<GroupShard> shards,
      TransactionalOffsetStore transactional, GroupSettings settings) {
    this.vertx = vertx;
    this.contexts = contexts;
    this.shards = shards;
    this.transactional = transactional;
    this.settings = settings;
    this.expiryTimer = vertx.setPeriodic(settings.offsetsRetentionCheckIntervalMs(),
        ignored -> expireOffsets());
  }

  /**
   * Starts the coordinator: reads the ids of groups with committed or pending transactional
   * offsets (a store skip scan) and registers each on its owner. Pending offsets stay in the
   * store until their transaction's marker arrives, also after a restart.
   */
  public static Future<GroupCoordinatorService> start(Vertx vertx, EventLoopContexts owners,
      GroupOffsetStore store, GroupSettings settings, GroupTopics topics) {
    List<Context> contexts = owners.all();
    List<GroupShard> shards = new ArrayList<>();
    for (Context context : contexts) {
      shards.add(new GroupShard(new GroupOffsets(store, System::currentTimeMillis,
          task -> context.runOnContext(v -> task.run())), new VertxGroupScheduler(context),
          settings, topics));
    }
    GroupCoordinatorService service = new GroupCoordinatorService(vertx, contexts, shards,
        store.transactional(), settings);
    return Future.fromCompletionStage(store.groupIds())
        .compose(ids -> Future.join(ids.stream().map(id -> service.onOwner(id, shard -> {
          shard.loaded(id);
          return Future.succeededFuture();
        })).toList()).map(ignored -> {
          log.atInfo().setMessage("Group coordinator started")
              .addKeyValue("groupsWithOffsets", ids.size()).log();
          return service;
        }))
        .onFailure(error -> service.close());
  }

  /** Stops the offset expiry timer. Members are in memory only; nothing else to stop. */
  public void close() {
    vertx.cancelTimer(expiryTimer);
  }

  @Override
  public Future<JoinGroupResponseData> joinGroup(GroupRequestContext context,
      JoinGroupRequestData request) {
    return onOwner(request.groupId(), shard -> shard.protocol.join(context, request));
  }

  @Override
  public Future<SyncGroupResponseData> syncGroup(GroupRequestContext context,
      SyncGroupRequestData request) {
    return onOwner(request.groupId(), shard -> shard.protocol.sync(request));
  }

  @Override
  public Future<HeartbeatResponseData> heartbeat(GroupRequestContext context,
      HeartbeatRequestData request) {
    return onOwner(request.groupId(),
        shard -> Future.succeededFuture(shard.protocol.heartbeat(request)));
  }

  @Override
  public Future<LeaveGroupResponseData> leaveGroup(GroupRequestContext context,
      LeaveGroupRequestData request) {
    return onOwner(request.groupId(),
        shard -> Future.succeededFuture(shard.protocol.leave(request)));
  }

  @Override
  public Future<ConsumerGroupHeartbeatResponseData> consumerGroupHeartbeat(
      GroupRequestContext context, ConsumerGroupHeartbeatRequestData request) {
    return onOwner(request.groupId(), shard -> Future.succeededFuture(
        shard.consumerProtocol.heartbeat(context, request)));
  }

  @Override
  public Future<List<ConsumerGroupDescribeResponseData.DescribedGroup>> consumerGroupDescribe(
      GroupRequestContext context, List<String> groupIds) {
    List<Future<ConsumerGroupDescribeResponseData.DescribedGroup>> each = new ArrayList<>();
    for (String groupId : groupIds) {
      each.add(onOwner(groupId, shard -> Future.succeededFuture(
          shard.describeConsumer(groupId))));
    }
    return Future.all(each).map(all -> each.stream().map(Future::result).toList());
  }

  @Override
  public Future<OffsetCommitResponseData> commitOffsets(GroupRequestContext context,
      OffsetCommitRequestData request) {
    return onOwner(request.groupId(), shard -> shard.commit(context, request));
  }

  @Override
  public Future<OffsetFetchResponseData.OffsetFetchResponseGroup> fetchOffsets(
      GroupRequestContext context, OffsetFetchRequestData.OffsetFetchRequestGroup request,
      boolean requireStable) {
    if (request.groupId() == null || request.groupId().isEmpty()) {
      return Future.succeededFuture(new OffsetFetchResponseData.OffsetFetchResponseGroup()
          .setGroupId(request.groupId()).setErrorCode(Errors.INVALID_GROUP_ID.code()));
    }
    return onOwner(request.groupId(), shard -> shard.fetch(request, requireStable));
  }

  @Override
  public Future<List<DescribeGroupsResponseData.DescribedGroup>> describeGroups(
      GroupRequestContext context, List<String> groupIds) {
    List<Future<List<DescribeGroupsResponseData.DescribedGroup>>> each = new ArrayList<>();
    for (String groupId : groupIds) {
      each.add(onOwner(groupId, shard -> Future.succeededFuture(
          shard.describe(List.of(groupId), context.apiVersion()))));
    }
    return Future.all(each).map(all -> each.stream()
        .flatMap(future -> future.result().stream()).toList());
  }

  @Override
  public Future<ListGroupsResponseData> listGroups(GroupRequestContext context,
      ListGroupsRequestData request) {
    Set<String> states = lower(request.statesFilter());
    Set<String> types = lower(request.typesFilter());
    List<Future<List<ListGroupsResponseData.ListedGroup>>> each = new ArrayList<>();
    for (int i = 0; i < shards.size(); i++) {
      GroupShard shard = shards.get(i);
      each.add(on(contexts.get(i), () -> Future.succeededFuture(shard.list(states, types))));
    }
    return Future.all(each).map(all -> new ListGroupsResponseData()
        .setErrorCode(Errors.NONE.code())
        .setGroups(each.stream().flatMap(future -> future.result().stream()).toList()));
  }

  @Override
  public Future<DeleteGroupsResponseData.DeletableGroupResultCollection> deleteGroups(
      GroupRequestContext context, List<String> groupIds) {
    List<Future<DeleteGroupsResponseData.DeletableGroupResult>> each = new ArrayList<>();
    for (String groupId : groupIds) {
      each.add(onOwner(groupId, shard -> shard.deleteGroup(groupId)));
    }
    return Future.all(each).map(all -> {
      var results = new DeleteGroupsResponseData.DeletableGroupResultCollection();
      each.forEach(future -> results.add(future.result().duplicate()));
      return results;
    });
  }

  @Override
  public Future<OffsetDeleteResponseData> deleteOffsets(GroupRequestContext context,
      OffsetDeleteRequestData request) {
    return onOwner(request.groupId(), shard -> shard.deleteOffsets(request));
  }

  @Override
  public Future<TxnOffsetCommitResponseData> commitTransactionalOffsets(
      GroupRequestContext context, TxnOffsetCommitRequestData request) {
    if (request.groupId() == null || request.groupId().isEmpty()) {
      return Future.succeededFuture(
          TxnOffsetCommitResponses.all(request, Errors.INVALID_GROUP_ID));
    }
    return onOwner(request.groupId(), shard -> shard.transactional.commit(context, request));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Fails with {@link IllegalArgumentException} for an offsets partition outside
   * {@code [0, OFFSETS_PARTITIONS)} or a negative producer id or epoch, and with the store's
   * exception when the metadata transaction fails (nothing is applied then; the marker is
   * retried).
   */
  @Override
  public Future<Void> completeTransaction(int offsetsPartition, long producerId,
      short producerEpoch, boolean commit) {
    if (offsetsPartition < 0 || offsetsPartition >= TransactionCoordinator.OFFSETS_PARTITIONS) {
      return Future.failedFuture(new IllegalArgumentException("Offsets partition "
          + offsetsPartition + " is not a partition of " + TransactionCoordinator.OFFSETS_TOPIC));
    }
    if (producerId < 0 || producerEpoch < 0) {
      return Future.failedFuture(new IllegalArgumentException("Invalid producer id " + producerId
          + " or epoch " + producerEpoch + " in a transaction marker"));
    }
    return Future.fromCompletionStage(transactional.complete(producerId, producerEpoch, commit,
            group -> TransactionCoordinator.offsetsPartitionFor(group).partition()
                == offsetsPartition, System.currentTimeMillis()))
        .compose(groups -> {
          log.atDebug().setMessage("Completed transactional offsets")
              .addKeyValue("offsetsPartition", offsetsPartition)
              .addKeyValue("producerId", producerId).addKeyValue("commit", commit)
              .addKeyValue("groups", groups.size()).log();
          return Future.all(groups.stream().map(done -> onOwner(done.group(), shard -> {
            shard.transactional.completed(done);
            return Future.succeededFuture();
          })).toList());
        })
        .mapEmpty();
  }

  private void expireOffsets() {
    for (int i = 0; i < shards.size(); i++) {
      GroupShard shard = shards.get(i);
      on(contexts.get(i), shard::expireOffsets).onFailure(error -> log.atWarn()
          .setMessage("Offset expiry failed; retried at the next check")
          .addKeyValue("reason", error.toString()).log());
    }
    transactional.expireProducers(System.currentTimeMillis() - settings.producerIdExpirationMs())
        .whenComplete((removed, error) -> {
          if (error != null) {
            log.atWarn().setMessage("Expiring idle transactional producers failed; retried later")
                .addKeyValue("reason", error.toString()).log();
          } else if (removed > 0) {
            log.atDebug().setMessage("Expired idle transactional producers' epochs")
                .addKeyValue("producers", removed).log();
          }
        });
  }

  private <T> Future<T> onOwner(String groupId, Function<GroupShard, Future<T>> call) {
    int index = Math.floorMod(String.valueOf(groupId).hashCode(), shards.size());
    GroupShard shard = shards.get(index);
    return on(contexts.get(index), () -> call.apply(shard));
  }

  private static <T> Future<T> on(Context context, java.util.function.Supplier<Future<T>> call) {
    Promise<T> promise = Promise.promise();
    Runnable run = () -> {
      try {
        call.get().onComplete(promise);
      } catch (RuntimeException e) {
        promise.fail(e);
      }
    };
    if (Vertx.currentContext() == context) {
      run.run();
    } else {
      context.runOnContext(ignored -> run.run());
    }
    return promise.future();
  }

  private static Set<String> lower(List<String> values) {
    return values == null ? Set.of() : values.stream().map(v -> v.toLowerCase(Locale.ROOT))
        .collect(Collectors.toSet());
  }
}
