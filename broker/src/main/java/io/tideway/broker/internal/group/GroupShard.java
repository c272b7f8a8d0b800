package io.tideway.broker.internal.group;

import io.tideway.broker.GroupRequestContext;
import io.tideway.metadata.store.CommittedOffset;
import io.tideway.metadata.store.PartitionName;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The groups owned by one event-loop context and every operation on them: the classic protocol
 * (delegated to {@link ClassicGroupProtocol}), the KIP-848 consumer protocol ({@link
 * ConsumerGroupProtocol}), offsets, transactional offsets ({@link TxnOffsetCommits}), describe,
 * list, delete and offset expiry. A group id names a classic or a consumer group, never both.
 *
 * <p>Thread contract: not thread-safe; every method runs on the owning context (the coordinator
 * hops there), and so do the completions of its futures.
 */
final class GroupShard {

  private static final Logger log = LoggerFactory.getLogger(GroupShard.class);

  final ClassicGroups classic;
  final ClassicGroupProtocol protocol;
  final ConsumerGroups consumer;
  final ConsumerGroupProtocol consumerProtocol;
  final TxnOffsetCommits transactional;
  private final GroupTopics topics;
  private final GroupOffsets offsets;
  private final GroupScheduler scheduler;
  private final GroupSettings settings;

  GroupShard(GroupOffsets offsets, GroupScheduler scheduler, GroupSettings settings,
      GroupTopics topics) {
    this.offsets = offsets;
    this.scheduler = scheduler;
    this.settings = settings;
    this.topics = topics;
    this.consumer = new ConsumerGroups(scheduler);
    this.classic = new ClassicGroups(scheduler, consumer::contains);
    this.protocol = new ClassicGroupProtocol(classic, scheduler, settings);
    this.consumerProtocol = new ConsumerGroupProtocol(consumer, classic, topics, scheduler,
        settings.consumer());
    this.transactional = new TxnOffsetCommits(classic, consumer, offsets, scheduler, settings);
  }

  /** Registers a group found with committed or pending offsets at start-up (state Empty). */
  void loaded(String groupId) {
    classic.getOrCreate(groupId);
    classic.setHasOffsets(groupId, true);
  }

  Future<OffsetCommitResponseData> commit(GroupRequestContext context,
      OffsetCommitRequestData request) {
    ClassicGroup group = classic.get(request.groupId());
    ConsumerGroup consumerGroup = consumer.get(request.groupId());
    Errors error;
    if (request.groupId() == null || request.groupId().isEmpty()) {
      error = Errors.INVALID_GROUP_ID;
    } else if (consumerGroup != null) {
      error = ConsumerOffsetRules.validateCommit(consumerGroup, request.memberId(),
          request.generationIdOrMemberEpoch(), context.apiVersion());
    } else {
      error = OffsetCommitValidator.validate(group, request, context.apiVersion());
    }
    if (error != Errors.NONE) {
      return Future.succeededFuture(OffsetCommitResponses.all(request, error));
    }
    long now = scheduler.nowMs();
    Map<PartitionName, CommittedOffset> accepted = new LinkedHashMap<>();
    Map<PartitionName, Errors> rejected = new LinkedHashMap<>();
    for (var topic : request.topics()) {
      for (var partition : topic.partitions()) {
        PartitionName name = new PartitionName(topic.name(), partition.partitionIndex());
        String metadata = partition.committedMetadata();
        if (metadata != null && metadata.length() > settings.offsetMetadataMaxBytes()) {
          rejected.put(name, Errors.OFFSET_METADATA_TOO_LARGE);
        } else if (partition.committedOffset() < 0) {
          rejected.put(name, Errors.INVALID_COMMIT_OFFSET_SIZE);
        } else {
          accepted.put(name, new CommittedOffset(partition.committedOffset(),
              Math.max(-1, partition.committedLeaderEpoch()), metadata, now));
        }
      }
    }
    if (accepted.isEmpty()) {
      return Future.succeededFuture(OffsetCommitResponses.of(request, rejected, Errors.NONE));
    }
    classic.offsetWriteStarted(request.groupId());
    return offsets.commit(request.groupId(), accepted).map(ignored -> {
      if (!consumer.contains(request.groupId())) {
        classic.getOrCreate(request.groupId());
      }
      classic.setHasOffsets(request.groupId(), true);
      return OffsetCommitResponses.of(request, rejected, Errors.NONE);
    });
  }

  /** OffsetFetch; see {@link GroupOffsets#fetch} for {@code requireStable}. */
  Future<OffsetFetchResponseData.OffsetFetchResponseGroup> fetch(
      OffsetFetchRequestData.OffsetFetchRequestGroup request, boolean requireStable) {
    ConsumerGroup consumerGroup = consumer.get(request.groupId());
    if (consumerGroup != null) {
      Errors error = ConsumerOffsetRules.validateFetch(consumerGroup, request.memberId(),
          request.memberEpoch());
      if (error != Errors.NONE) {
        return Future.succeededFuture(new OffsetFetchResponseData.OffsetFetchResponseGroup()
            .setGroupId(request.groupId()).setErrorCode(error.code()));
      }
    }
    if (!classic.hasOffsets(request.groupId())) {
      // No committed or pending offsets: answer from the request alone, without a store read.
      return Future.succeededFuture(GroupOffsets.none(request));
    }
    return offsets.fetch(request, requireStable);
  }

  List<DescribeGroupsResponseData.DescribedGroup> describe(List<String> groupIds,
      short apiVersion) {
    List<DescribeGroupsResponseData.DescribedGroup> result = new ArrayList<>();
    for (String groupId : groupIds) {
      if (consumer.contains(groupId)) {
        result.add(ConsumerGroupDescriptions.classicApi(groupId, apiVersion));
        continue;
      }
      ClassicGroup group = classic.get(groupId);
      result.add(group == null || group.is(ClassicGroupState.DEAD)
          ? GroupDescriptions.notFound(groupId, apiVersion) : GroupDescriptions.of(group));
    }
    return result;
  }

  /** KIP-848 ConsumerGroupDescribe of one group. */
  ConsumerGroupDescribeResponseData.DescribedGroup describeConsumer(String groupId) {
    ConsumerGroup group = consumer.get(groupId);
    if (group == null) {
      ClassicGroup other = classic.get(groupId);
      return ConsumerGroupDescriptions.notFound(groupId,
          other != null && !other.is(ClassicGroupState.DEAD));
    }
    Map<Uuid, String> names = new HashMap<>();
    group.subscribedTopics.forEach((name, image) -> names.put(image.id(), name));
    topics.all().forEach(topic -> names.putIfAbsent(topic.id(), topic.name()));
    return ConsumerGroupDescriptions.of(group, id -> names.getOrDefault(id, ""));
  }

  List<ListGroupsResponseData.ListedGroup> list(Set<String> states, Set<String> types) {
    List<ListGroupsResponseData.ListedGroup> result = new ArrayList<>();
    if (types.isEmpty() || types.contains("consumer")) {
      for (ConsumerGroup group : consumer.all()) {
        String state = group.state().kafkaName();
        if (states.isEmpty() || states.contains(state.toLowerCase())) {
          result.add(new ListGroupsResponseData.ListedGroup().setGroupId(group.groupId)
              .setProtocolType("consumer").setGroupState(state).setGroupType("consumer"));
        }
      }
    }
    if (!types.isEmpty() && !types.contains("classic")) {
      return result;
    }
    for (ClassicGroup group : classic.all()) {
      String state = group.state().kafkaName();
      if (group.is(ClassicGroupState.DEAD)
          || (!states.isEmpty() && !states.contains(state.toLowerCase()))) {
        continue;
      }
      result.add(new ListGroupsResponseData.ListedGroup().setGroupId(group.groupId)
          .setProtocolType(group.protocolType == null ? "" : group.protocolType)
          .setGroupState(state).setGroupType("classic"));
    }
    return result;
  }

  Future<DeleteGroupsResponseData.DeletableGroupResult> deleteGroup(String groupId) {
    ClassicGroup group = classic.get(groupId);
    var result = new DeleteGroupsResponseData.DeletableGroupResult().setGroupId(groupId);
    ConsumerGroup consumerGroup = consumer.get(groupId);
    if (consumerGroup != null) {
      if (!consumerGroup.isEmpty()) {
        return Future.succeededFuture(result.setErrorCode(Errors.NON_EMPTY_GROUP.code()));
      }
      consumer.remove(consumerGroup);
      classic.setHasOffsets(groupId, false);
      log.atInfo().setMessage("Deleted group").addKeyValue("groupId", groupId).log();
      return offsets.deleteGroup(groupId).map(ignored -> result.setErrorCode(Errors.NONE.code()));
    }
    if (group == null || group.is(ClassicGroupState.DEAD)) {
      return Future.succeededFuture(result.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code()));
    }
    if (!group.isEmpty()) {
      return Future.succeededFuture(result.setErrorCode(Errors.NON_EMPTY_GROUP.code()));
    }
    protocol.removeAll(group, Errors.COORDINATOR_NOT_AVAILABLE);
    classic.delete(group);
    log.atInfo().setMessage("Deleted group").addKeyValue("groupId", groupId).log();
    return offsets.deleteGroup(groupId).map(ignored -> result.setErrorCode(Errors.NONE.code()));
  }

  Future<OffsetDeleteResponseData> deleteOffsets(OffsetDeleteRequestData request) {
    ClassicGroup group = classic.get(request.groupId());
    ConsumerGroup consumerGroup = consumer.get(request.groupId());
    Set<String> subscribed;
    if (consumerGroup != null) {
      subscribed = consumerGroup.subscribedTopics.keySet();
    } else if (group == null || group.is(ClassicGroupState.DEAD)) {
      return Future.succeededFuture(new OffsetDeleteResponseData()
          .setErrorCode(Errors.GROUP_ID_NOT_FOUND.code()));
    } else if (!group.isEmpty() && !"consumer".equals(group.protocolType)) {
      return Future.succeededFuture(new OffsetDeleteResponseData()
          .setErrorCode(Errors.NON_EMPTY_GROUP.code()));
    } else {
      subscribed = group.isEmpty() ? Set.of() : group.subscribedTopics();
    }
    List<PartitionName> doomed = new ArrayList<>();
    var response = new OffsetDeleteResponseData();
    for (var topic : request.topics()) {
      var topicResult = new OffsetDeleteResponseData.OffsetDeleteResponseTopic()
          .setName(topic.name());
      for (var partition : topic.partitions()) {
        Errors error = subscribed.contains(topic.name()) ? Errors.GROUP_SUBSCRIBED_TO_TOPIC
            : Errors.NONE;
        if (error == Errors.NONE) {
          doomed.add(new PartitionName(topic.name(), partition.partitionIndex()));
        }
        topicResult.partitions().add(new OffsetDeleteResponseData.OffsetDeleteResponsePartition()
            .setPartitionIndex(partition.partitionIndex()).setErrorCode(error.code()));
      }
      response.topics().add(topicResult);
    }
    if (doomed.isEmpty()) {
      return Future.succeededFuture(response);
    }
    // Like Kafka's offset tombstones, the deletion also drops pending transactional offsets of
    // these partitions, so that their transaction cannot commit them later.
    String groupId = request.groupId();
    long lastWrite = classic.lastOffsetWrite(groupId);
    return offsets.delete(groupId, doomed)
        .compose(ignored -> offsets.view(groupId))
        .map(remaining -> {
          if (remaining.isEmpty()) {
            forgetOffsets(groupId, lastWrite);
          }
          return response;
        });
  }

  /**
   * Deletes the expired offsets of empty groups (Kafka's rule since 2.1: an empty group's offsets
   * expire {@code offsets.retention.minutes} after the group became empty, or after the commit for
   * a group that never had members here; groups with members keep theirs). A partition with a
   * pending transactional offset keeps its offset until the transaction ends, and a group with
   * pending offsets is kept; an empty group left without any offset is forgotten.
   */
  Future<Void> expireOffsets() {
    long now = scheduler.nowMs();
    List<Future<Void>> passes = new ArrayList<>();
    for (ConsumerGroup group : List.copyOf(consumer.all())) {
      if (group.isEmpty() && !classic.hasOffsets(group.groupId)) {
        consumer.remove(group); // Kafka's clean-up of empty groups without offsets
      } else if (group.isEmpty()) {
        passes.add(expire(group.groupId, group.emptySinceMs(), now, group::isEmpty));
      }
    }
    for (ClassicGroup group : List.copyOf(classic.all())) {
      if (!group.isEmpty() || !classic.hasOffsets(group.groupId)) {
        continue;
      }
      long emptySince = group.protocolType != null ? group.stateTimestampMs() : 0;
      passes.add(expire(group.groupId, emptySince, now, group::isEmpty));
    }
    return Future.join(passes).mapEmpty();
  }

  private Future<Void> expire(String groupId, long emptySince, long now,
      java.util.function.BooleanSupplier stillEmpty) {
    // An offset expires once both the group's empty time and its commit are older than the
    // retention: nothing does while the group has been empty for less than that.
    long cutoff = now - settings.offsetsRetentionMs();
    long lastWrite = classic.lastOffsetWrite(groupId);
    return offsets.expire(groupId, emptySince <= cutoff ? cutoff : Long.MIN_VALUE).map(result -> {
      if (!result.expired().isEmpty()) {
        log.atInfo().setMessage("Expired committed offsets").addKeyValue("groupId", groupId)
            .addKeyValue("partitions", result.expired().size()).log();
      }
      if (result.noneLeft() && stillEmpty.getAsBoolean()) {
        forgetOffsets(groupId, lastWrite);
      }
      return null;
    });
  }

  /** Forgets a group's offsets (and the group when unused), unless a write started since. */
  private void forgetOffsets(String groupId, long lastWriteSeen) {
    if (!classic.forgetOffsets(groupId, lastWriteSeen)) {
      return;
    }
    ConsumerGroup consumerGroup = consumer.get(groupId);
    if (consumerGroup != null && consumerGroup.isEmpty()) {
      consumer.remove(consumerGroup);
    }
    ClassicGroup group = classic.get(groupId);
    if (group != null) {
      classic.removeIfUnused(group);
    }
  }
}
