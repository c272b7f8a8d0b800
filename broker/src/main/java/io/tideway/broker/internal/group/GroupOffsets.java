package io.tideway.broker.internal.group;

import io.tideway.metadata.store.CommittedOffset;
import io.tideway.metadata.store.GroupOffsetStore;
import io.tideway.metadata.store.PartitionName;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.OffsetFetchResponse;

/**
 * Committed offsets as the coordinator uses them: {@link GroupOffsetStore} calls whose futures
 * complete back on the owning context, and the OffsetFetch response shape.
 *
 * <p>Thread contract: thread-safe (stateless over the thread-safe store); futures complete on the
 * owner executor given at construction.
 */
final class GroupOffsets {

  private final GroupOffsetStore store;
  private final Executor owner;

  /**
   * @param owner runs completions on the owning context ({@code context::runOnContext})
   */
  GroupOffsets(GroupOffsetStore store, Executor owner) {
    this.store = store;
    this.owner = owner;
  }

  Future<Void> commit(String groupId, Map<PartitionName, CommittedOffset> offsets) {
    return onOwner(store.commit(groupId, offsets));
  }

  Future<Map<PartitionName, CommittedOffset>> all(String groupId) {
    return onOwner(store.fetch(groupId));
  }

  Future<Void> delete(String groupId, Collection<PartitionName> partitions) {
    return onOwner(store.delete(groupId, partitions));
  }

  Future<Void> deleteGroup(String groupId) {
    return onOwner(store.deleteGroup(groupId));
  }

  /** OffsetFetch for one group: the requested partitions, or every committed one. */
  Future<OffsetFetchResponseData.OffsetFetchResponseGroup> fetch(
      OffsetFetchRequestData.OffsetFetchRequestGroup request) {
    String groupId = request.groupId();
    if (request.topics() == null) {
      return onOwner(store.fetch(groupId)).map(offsets -> {
        var response = new OffsetFetchResponseData.OffsetFetchResponseGroup().setGroupId(groupId);
        offsets.forEach((partition, offset) -> topic(response, partition.topic())
            .partitions().add(partition(partition.partition(), offset)));
        return response;
      });
    }
    List<PartitionName> wanted = new ArrayList<>();
    request.topics().forEach(topic -> topic.partitionIndexes()
        .forEach(p -> wanted.add(new PartitionName(topic.name(), p))));
    return onOwner(store.fetch(groupId, wanted)).map(offsets -> {
      var response = new OffsetFetchResponseData.OffsetFetchResponseGroup().setGroupId(groupId);
      for (PartitionName partition : wanted) {
        topic(response, partition.topic()).partitions()
            .add(partition(partition.partition(), offsets.get(partition)));
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
