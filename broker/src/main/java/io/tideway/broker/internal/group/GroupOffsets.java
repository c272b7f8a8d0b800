package io.tideway.broker.internal.group;

import io.tideway.metadata.store.CommittedOffset;
import io.tideway.metadata.store.ExpiredOffsets;
import io.tideway.metadata.store.GroupOffsetStore;
import io.tideway.metadata.store.GroupOffsetView;
import io.tideway.metadata.store.PartitionName;
import io.tideway.metadata.store.TransactionalOffsetStore;
import io.tideway.metadata.store.TransactionalOffsetStore.StageResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.OffsetFetchResponse;

/**
 * Committed and pending transactional offsets as the coordinator uses them: {@link
 * GroupOffsetStore} and {@link TransactionalOffsetStore} calls whose futures complete back on the
 * owning context, and the OffsetFetch response shape.
 *
 * <p>Thread contract: thread-safe (stateless over the thread-safe store); futures complete on the
 * owner executor given at construction.
 */
final class GroupOffsets {

  private final GroupOffsetStore store;
  private final LongSupplier clock;
  private final Executor owner;

  /**
   * @param clock the time recorded with a transactional producer's epoch
   * @param owner runs completions on the owning context ({@code context::runOnContext})
   */
  GroupOffsets(GroupOffsetStore store, LongSupplier clock, Executor owner) {
    this.store = store;
    this.clock = clock;
    this.owner = owner;
  }

  Future<Void> commit(String groupId, Map<PartitionName, CommittedOffset> offsets) {
    return onOwner(store.commit(groupId, offsets));
  }

  Future<Void> delete(String groupId, Collection<PartitionName> partitions) {
    return onOwner(store.delete(groupId, partitions));
  }

  Future<Void> deleteGroup(String groupId) {
    return onOwner(store.deleteGroup(groupId));
  }

  /** Committed offsets and pending partitions of the whole group, in one snapshot. */
  Future<GroupOffsetView> view(String groupId) {
    return onOwner(store.view(groupId, null));
  }

  /** Deletes the committed offsets at or before {@code cutoffMs} without pending offsets. */
  Future<ExpiredOffsets> expire(String groupId, long cutoffMs) {
    return onOwner(store.expire(groupId, cutoffMs));
  }

  /** Stages a transaction's offsets as pending. */
  Future<StageResult> stage(long producerId, short producerEpoch, String groupId,
      Map<PartitionName, CommittedOffset> offsets) {
    return onOwner(store.transactional().stage(producerId, producerEpoch, groupId, offsets,
        clock.getAsLong()));
  }

  /**
   * OffsetFetch for one group: the requested partitions, or every committed one. With {@code
   * requireStable} (KIP-447) a partition with a pending transactional offset of any producer is
   * answered UNSTABLE_OFFSET_COMMIT, so the consumer retries until the transaction ends; for the
   * whole group, as in Kafka, only partitions with a committed offset are listed, the pending
   * ones among them as unstable. Without it, pending offsets are simply invisible.
   */
  Future<OffsetFetchResponseData.OffsetFetchResponseGroup> fetch(
      OffsetFetchRequestData.OffsetFetchRequestGroup request, boolean requireStable) {
    String groupId = request.groupId();
    List<PartitionName> wanted = null;
    if (request.topics() != null) {
      wanted = new ArrayList<>();
      for (var topic : request.topics()) {
        for (int p : topic.partitionIndexes()) {
          wanted.add(new PartitionName(topic.name(), p));
        }
      }
    }
    Future<GroupOffsetView> read;
    if (requireStable) {
      read = onOwner(store.view(groupId, wanted));
    } else {
      read = onOwner(wanted == null ? store.fetch(groupId) : store.fetch(groupId, wanted))
          .map(committed -> new GroupOffsetView(committed, Set.of()));
    }
    List<PartitionName> partitions = wanted;
    return read.map(view -> {
      var response = new OffsetFetchResponseData.OffsetFetchResponseGroup().setGroupId(groupId);
      Iterable<PartitionName> listed = partitions == null ? view.committed().keySet() : partitions;
      for (PartitionName partition : listed) {
        topic(response, partition.topic()).partitions().add(view.pending().contains(partition)
            ? unstable(partition.partition())
            : partition(partition.partition(), view.committed().get(partition)));
      }
      return response;
    });
  }

  /** The answer for a group without committed offsets: -1 for each requested partition. */
  static OffsetFetchResponseData.OffsetFetchResponseGroup none(
      OffsetFetchRequestData.OffsetFetchRequestGroup request) {
    var response = new OffsetFetchResponseData.OffsetFetchResponseGroup()
        .setGroupId(request.groupId());
    if (request.topics() != null) {
      request.topics().forEach(topic -> topic.partitionIndexes().forEach(p ->
          topic(response, topic.name()).partitions().add(partition(p, null))));
    }
    return response;
  }

  private static OffsetFetchResponseData.OffsetFetchResponseTopics topic(
      OffsetFetchResponseData.OffsetFetchResponseGroup group, String name) {
    List<OffsetFetchResponseData.OffsetFetchResponseTopics> topics = group.topics();
    if (!topics.isEmpty() && topics.get(topics.size() - 1).name().equals(name)) {
      return topics.get(topics.size() - 1);
    }
    for (var topic : topics) {
      if (topic.name().equals(name)) {
        return topic;
      }
    }
    var topic = new OffsetFetchResponseData.OffsetFetchResponseTopics().setName(name);
    topics.add(topic);
    return topic;
  }

  private static OffsetFetchResponseData.OffsetFetchResponsePartitions unstable(int index) {
    return partition(index, null).setErrorCode(Errors.UNSTABLE_OFFSET_COMMIT.code());
  }

  private static OffsetFetchResponseData.OffsetFetchResponsePartitions partition(int index,
      CommittedOffset offset) {
    var partition = new OffsetFetchResponseData.OffsetFetchResponsePartitions()
        .setPartitionIndex(index).setErrorCode(Errors.NONE.code());
    if (offset == null) {
      return partition.setCommittedOffset(OffsetFetchResponse.INVALID_OFFSET)
          .setCommittedLeaderEpoch(-1).setMetadata(OffsetFetchResponse.NO_METADATA);
    }
    return partition.setCommittedOffset(offset.offset())
        .setCommittedLeaderEpoch(offset.leaderEpoch()).setMetadata(offset.metadata());
  }

  private <T> Future<T> onOwner(CompletionStage<T> stage) {
    Promise<T> promise = Promise.promise();
    stage.whenComplete((value, error) -> owner.execute(() -> {
      if (error != null) {
        promise.fail(error instanceof CompletionException && error.getCause() != null
            ? error.getCause() : error);
      } else {
        promise.complete(value);
      }
    }));
    return promise.future();
  }
}
