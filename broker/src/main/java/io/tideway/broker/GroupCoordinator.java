package io.tideway.broker;

import io.vertx.core.Future;
import java.util.List;
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

/**
 * The consumer group coordinator of this node, shaped like Apache Kafka's own
 * {@code org.apache.kafka.coordinator.group.GroupCoordinator}: it takes and returns kafka-clients'
 * generated message classes, so that front ends only translate versions. This node coordinates
 * every group.
 *
 * <p>Semantics are Kafka's classic protocol: JoinGroup, SyncGroup, Heartbeat, LeaveGroup with
 * rebalance and session timeouts, the initial rebalance delay, static membership and generation
 * fencing. The consumer protocol of KIP-848 (ConsumerGroupHeartbeat, ConsumerGroupDescribe) runs
 * in the same coordinator with server-side assignors, member epochs and reconciliation; a group
 * id names either a classic or a consumer group. Errors are reported in the returned response
 * data with Kafka's error codes; a failed future means an unexpected failure, which front ends
 * answer with the API's error response.
 *
 * <p>Committed offsets live in the metadata store (one transaction per commit request) and survive
 * restarts; membership lives in memory and clients rebuild it after a restart.
 *
 * <p>Thread contract: every method is thread-safe and non-blocking. Each group is owned by one
 * event-loop context (chosen by the hash of its id); calls hop there, and the returned futures
 * complete on that context or on a metadata store thread.
 */
public interface GroupCoordinator {

  /**
   * JoinGroup. The future completes when the join phase does (it may wait up to the rebalance
   * timeout, as in Kafka), or at once with an error or {@code MEMBER_ID_REQUIRED}.
   */
  Future<JoinGroupResponseData> joinGroup(GroupRequestContext context,
      JoinGroupRequestData request);

  /** SyncGroup. A follower's future completes once the leader has sent the assignment. */
  Future<SyncGroupResponseData> syncGroup(GroupRequestContext context,
      SyncGroupRequestData request);

  /** Heartbeat of a classic group member. */
  Future<HeartbeatResponseData> heartbeat(GroupRequestContext context,
      HeartbeatRequestData request);

  /** LeaveGroup of one or more members (the batched v3+ form; front ends normalize v0-v2). */
  Future<LeaveGroupResponseData> leaveGroup(GroupRequestContext context,
      LeaveGroupRequestData request);

  /**
   * ConsumerGroupHeartbeat (KIP-848): join (epoch 0), heartbeat, leave (epoch -1) or a static
   * member's temporary leave (epoch -2). Completes at once: the response carries the member's
   * epoch and, when it changed, its assignment (partitions it may use now).
   */
  Future<ConsumerGroupHeartbeatResponseData> consumerGroupHeartbeat(GroupRequestContext context,
      ConsumerGroupHeartbeatRequestData request);

  /**
   * ConsumerGroupDescribe: one entry per requested id, in order; classic and unknown groups get
   * GROUP_ID_NOT_FOUND. Authorized operations are left to the front end.
   */
  Future<List<ConsumerGroupDescribeResponseData.DescribedGroup>> consumerGroupDescribe(
      GroupRequestContext context, List<String> groupIds);

  /**
   * OffsetCommit. Every topic must carry its name (front ends resolve v10 topic ids first).
   * Offsets for topics this node does not know are stored, as in Kafka.
   */
  Future<OffsetCommitResponseData> commitOffsets(GroupRequestContext context,
      OffsetCommitRequestData request);

  /**
   * OffsetFetch for one group (the v8+ form; topics by name). {@code null} topics ask for every
   * committed offset of the group.
   *
   * @param requireStable whether offsets with pending transactional commits must wait (KIP-447):
   *     such partitions are answered with {@code UNSTABLE_OFFSET_COMMIT}
   */
  Future<OffsetFetchResponseData.OffsetFetchResponseGroup> fetchOffsets(
      GroupRequestContext context, OffsetFetchRequestData.OffsetFetchRequestGroup request,
      boolean requireStable);

  /**
   * TxnOffsetCommit: stores the offsets as pending for the producer's transaction; they become the
   * group's committed offsets only when {@link #completeTransaction} commits it, and are dropped on
   * abort. The member id and generation (v3+, KIP-447) are checked as OffsetCommit checks them.
   * Pending offsets are durable (metadata store), so a transaction decided before a restart
   * completes after it.
   */
  Future<TxnOffsetCommitResponseData> commitTransactionalOffsets(GroupRequestContext context,
      TxnOffsetCommitRequestData request);

  /**
   * The transaction coordinator's marker for an offsets partition: commits (or drops) the pending
   * offsets of {@code producerId} in every group that {@code offsetsPartition} stands for
   * ({@link io.tideway.broker.txn.TransactionCoordinator#offsetsPartitionFor}). Idempotent.
   *
   * @param offsetsPartition the partition of {@code __consumer_offsets}
   * @param producerId the transaction's producer id
   * @param producerEpoch the marker's epoch
   * @param commit true to commit, false to abort
   */
  Future<Void> completeTransaction(int offsetsPartition, long producerId, short producerEpoch,
      boolean commit);

  /** DescribeGroups: one entry per requested id, in order. */
  Future<List<DescribeGroupsResponseData.DescribedGroup>> describeGroups(
      GroupRequestContext context, List<String> groupIds);

  /** ListGroups with its optional state (v4+) and type (v5+) filters. */
  Future<ListGroupsResponseData> listGroups(GroupRequestContext context,
      ListGroupsRequestData request);

  /**
   * DeleteGroups: a group must have no members; its committed and pending transactional offsets
   * are deleted.
   */
  Future<DeleteGroupsResponseData.DeletableGroupResultCollection> deleteGroups(
      GroupRequestContext context, List<String> groupIds);

  /** OffsetDelete: partitions of topics the group is subscribed to are refused. */
  Future<OffsetDeleteResponseData> deleteOffsets(GroupRequestContext context,
      OffsetDeleteRequestData request);
}
