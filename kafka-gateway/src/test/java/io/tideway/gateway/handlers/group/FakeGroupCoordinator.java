package io.tideway.gateway.handlers.group;

import io.tideway.broker.GroupCoordinator;
import io.tideway.broker.GroupRequestContext;
import io.tideway.broker.txn.TransactionCoordinator;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
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

/**
 * A scripted {@link GroupCoordinator} for the group handler tests. Offsets are real: commits are
 * stored per group, topic and partition and fetched back (the handlers' version translation is
 * what is under test). Every other call records what the handler passed in ({@link #lastContext},
 * {@link #lastRequest}) and answers with a canned response the test may replace, or with
 * {@link #failure} when set. Groups named in {@link #nonEmpty} refuse deletion.
 *
 * <p>Transactional offsets follow the interface: {@link #commitTransactionalOffsets} keeps them
 * pending per group and producer id ({@link #pendingOffsets}) and answers NONE per partition
 * (echoing topic ids); {@link #completeTransaction} makes a producer's pending offsets committed
 * (or drops them) in the groups its offsets partition stands for. Public for the transaction
 * handler tests.
 *
 * <p>Thread contract: thread-safe enough for one test thread plus event-loop completions (maps
 * are concurrent, fields volatile).
 */
public final class FakeGroupCoordinator implements GroupCoordinator {

    /** group -> "topic/partition" -> committed offset. */
    final Map<String, Map<String, Map<Integer, Long>>> offsets = new ConcurrentHashMap<>();
    final List<String> nonEmpty = new ArrayList<>();
    volatile GroupRequestContext lastContext;
    volatile Object lastRequest;
    volatile RuntimeException failure;
    volatile JoinGroupResponseData joinResponse = new JoinGroupResponseData();
    volatile SyncGroupResponseData syncResponse = new SyncGroupResponseData();
    volatile HeartbeatResponseData heartbeatResponse = new HeartbeatResponseData();
    volatile ConsumerGroupHeartbeatResponseData consumerHeartbeatResponse =
            new ConsumerGroupHeartbeatResponseData();
    volatile List<ConsumerGroupDescribeResponseData.DescribedGroup> consumerDescribed = List.of();
    volatile List<DescribeGroupsResponseData.DescribedGroup> described = List.of();
    volatile ListGroupsResponseData listResponse = new ListGroupsResponseData();
    volatile OffsetDeleteResponseData offsetDeleteResponse = new OffsetDeleteResponseData();
    /** group -> producer id -> "topic/partition" -> pending offset. */
    private final Map<String, Map<Long, Map<String, Long>>> pending = new ConcurrentHashMap<>();

    /** A coordinator with no groups. */
    public FakeGroupCoordinator() {
    }

    /** Every later call fails with {@code failure} (null: succeed again). */
    public void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    /** The last request a handler passed in. */
    public Object lastRequest() {
        return lastRequest;
    }

    /** The pending transactional offsets of {@code producerId} in {@code group}. */
    public Map<String, Long> pendingOffsets(String group, long producerId) {
        return Map.copyOf(pending.getOrDefault(group, Map.of())
                .getOrDefault(producerId, Map.of()));
    }

    /** The committed offset of a partition, -1 when none. */
    public long committedOffset(String group, String topic, int partition) {
        return offsets.getOrDefault(group, Map.of()).getOrDefault(topic, Map.of())
                .getOrDefault(partition, -1L);
    }

    private <T> Future<T> answer(GroupRequestContext context, Object request, T response) {
        lastContext = context;
        lastRequest = request;
        RuntimeException fail = failure;
        return fail != null ? Future.failedFuture(fail) : Future.succeededFuture(response);
    }

    @Override
    public Future<JoinGroupResponseData> joinGroup(GroupRequestContext context,
            JoinGroupRequestData request) {
        return answer(context, request, joinResponse.duplicate());
    }

    @Override
    public Future<SyncGroupResponseData> syncGroup(GroupRequestContext context,
            SyncGroupRequestData request) {
        return answer(context, request, syncResponse.duplicate());
    }

    @Override
    public Future<HeartbeatResponseData> heartbeat(GroupRequestContext context,
            HeartbeatRequestData request) {
        return answer(context, request, heartbeatResponse.duplicate());
    }

    /**
     * Every member leaves; a member naming instance id "fenced" gets FENCED_INSTANCE_ID and member
     * id "unknown" UNKNOWN_MEMBER_ID.
     */
    @Override
    public Future<LeaveGroupResponseData> leaveGroup(GroupRequestContext context,
            LeaveGroupRequestData request) {
        LeaveGroupResponseData response = new LeaveGroupResponseData();
        for (LeaveGroupRequestData.MemberIdentity member : request.members()) {
            Errors error = "fenced".equals(member.groupInstanceId()) ? Errors.FENCED_INSTANCE_ID
                    : "unknown".equals(member.memberId()) ? Errors.UNKNOWN_MEMBER_ID : Errors.NONE;
            response.members().add(new LeaveGroupResponseData.MemberResponse()
                    .setMemberId(member.memberId()).setGroupInstanceId(member.groupInstanceId())
                    .setErrorCode(error.code()));
        }
        return answer(context, request, response);
    }

    @Override
    public Future<ConsumerGroupHeartbeatResponseData> consumerGroupHeartbeat(
            GroupRequestContext context, ConsumerGroupHeartbeatRequestData request) {
        return answer(context, request, consumerHeartbeatResponse.duplicate());
    }

    @Override
    public Future<List<ConsumerGroupDescribeResponseData.DescribedGroup>> consumerGroupDescribe(
            GroupRequestContext context, List<String> groupIds) {
        List<ConsumerGroupDescribeResponseData.DescribedGroup> copy = new ArrayList<>();
        consumerDescribed.forEach(group -> copy.add(group.duplicate()));
        return answer(context, groupIds, copy);
    }

    @Override
    public Future<OffsetCommitResponseData> commitOffsets(GroupRequestContext context,
            OffsetCommitRequestData request) {
        OffsetCommitResponseData response = new OffsetCommitResponseData();
        Map<String, Map<Integer, Long>> group = offsets.computeIfAbsent(request.groupId(),
                id -> new ConcurrentHashMap<>());
        for (var topic : request.topics()) {
            // Echoes the topic id as the real coordinator does (v10 responses name topics by id).
            var result = new OffsetCommitResponseData.OffsetCommitResponseTopic()
                    .setName(topic.name()).setTopicId(topic.topicId());
            for (var partition : topic.partitions()) {
                group.computeIfAbsent(topic.name(), t -> new TreeMap<>())
                        .put(partition.partitionIndex(), partition.committedOffset());
                result.partitions().add(new OffsetCommitResponseData.OffsetCommitResponsePartition()
                        .setPartitionIndex(partition.partitionIndex()));
            }
            response.topics().add(result);
        }
        return answer(context, request, response);
    }

    @Override
    public Future<OffsetFetchResponseData.OffsetFetchResponseGroup> fetchOffsets(
            GroupRequestContext context, OffsetFetchRequestData.OffsetFetchRequestGroup request,
            boolean requireStable) {
        Map<String, Map<Integer, Long>> group = offsets.getOrDefault(request.groupId(), Map.of());
        var response = new OffsetFetchResponseData.OffsetFetchResponseGroup()
                .setGroupId(request.groupId());
        if (request.topics() == null) {
            new TreeMap<>(group).forEach((topic, partitions) -> response.topics().add(
                    topic(topic, new ArrayList<>(partitions.keySet()), partitions)));
        } else {
            for (var topic : request.topics()) {
                response.topics().add(topic(topic.name(), topic.partitionIndexes(),
                        group.getOrDefault(topic.name(), Map.of())));
            }
        }
        return answer(context, request, response);
    }

    private static OffsetFetchResponseData.OffsetFetchResponseTopics topic(String name,
            List<Integer> partitions, Map<Integer, Long> committed) {
        var topic = new OffsetFetchResponseData.OffsetFetchResponseTopics().setName(name);
        for (int partition : partitions) {
            topic.partitions().add(new OffsetFetchResponseData.OffsetFetchResponsePartitions()
                    .setPartitionIndex(partition)
                    .setCommittedOffset(committed.getOrDefault(partition, -1L)));
        }
        return topic;
    }

    @Override
    public Future<List<DescribeGroupsResponseData.DescribedGroup>> describeGroups(
            GroupRequestContext context, List<String> groupIds) {
        List<DescribeGroupsResponseData.DescribedGroup> copy = new ArrayList<>();
        described.forEach(group -> copy.add(group.duplicate()));
        return answer(context, groupIds, copy);
    }

    @Override
    public Future<ListGroupsResponseData> listGroups(GroupRequestContext context,
            ListGroupsRequestData request) {
        return answer(context, request, listResponse.duplicate());
    }

    @Override
    public Future<DeleteGroupsResponseData.DeletableGroupResultCollection> deleteGroups(
            GroupRequestContext context, List<String> groupIds) {
        var results = new DeleteGroupsResponseData.DeletableGroupResultCollection();
        for (String id : groupIds) {
            Errors error = nonEmpty.contains(id) ? Errors.NON_EMPTY_GROUP
                    : offsets.remove(id) == null ? Errors.GROUP_ID_NOT_FOUND : Errors.NONE;
            results.add(new DeleteGroupsResponseData.DeletableGroupResult().setGroupId(id)
                    .setErrorCode(error.code()));
        }
        return answer(context, groupIds, results);
    }

    @Override
    public Future<OffsetDeleteResponseData> deleteOffsets(GroupRequestContext context,
            OffsetDeleteRequestData request) {
        return answer(context, request, offsetDeleteResponse.duplicate());
    }

    @Override
    public Future<TxnOffsetCommitResponseData> commitTransactionalOffsets(
            GroupRequestContext context, TxnOffsetCommitRequestData request) {
        TxnOffsetCommitResponseData response = new TxnOffsetCommitResponseData();
        Map<String, Long> producer = pending.computeIfAbsent(request.groupId(),
                id -> new ConcurrentHashMap<>()).computeIfAbsent(request.producerId(),
                        id -> new ConcurrentHashMap<>());
        for (var topic : request.topics()) {
            var result = new TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic()
                    .setName(topic.name()).setTopicId(topic.topicId());
            for (var partition : topic.partitions()) {
                producer.put(topic.name() + "/" + partition.partitionIndex(),
                        partition.committedOffset());
                result.partitions().add(
                        new TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition()
                                .setPartitionIndex(partition.partitionIndex()));
            }
            response.topics().add(result);
        }
        return answer(context, request, response);
    }

    @Override
    public Future<Void> completeTransaction(int offsetsPartition, long producerId,
            short producerEpoch, boolean commit) {
        pending.forEach((group, producers) -> {
            if (TransactionCoordinator.offsetsPartitionFor(group).partition() != offsetsPartition) {
                return;
            }
            Map<String, Long> offsetsOfProducer = producers.remove(producerId);
            if (commit && offsetsOfProducer != null) {
                offsetsOfProducer.forEach((key, offset) -> {
                    int slash = key.lastIndexOf('/');
                    offsets.computeIfAbsent(group, g -> new ConcurrentHashMap<>())
                            .computeIfAbsent(key.substring(0, slash), t -> new TreeMap<>())
                            .put(Integer.parseInt(key.substring(slash + 1)), offset);
                });
            }
        });
        return Future.succeededFuture();
    }
}
