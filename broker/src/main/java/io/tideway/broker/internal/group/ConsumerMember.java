package io.tideway.broker.internal.group;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Uuid;

/**
 * One member of a KIP-848 consumer group: identity, subscription, epochs and its current
 * assignment (partitions it may use, and partitions it must still revoke).
 *
 * <p>Thread contract: not thread-safe; owned by the group's event-loop context. Invariants:
 * {@link #assigned} and {@link #pendingRevocation} are disjoint, immutable maps; the group's owner
 * index mirrors both ({@link ConsumerGroup#updateAssignment}).
 */
final class ConsumerMember {

  /** Kafka's epoch of a member that left ({@code LEAVE_GROUP_MEMBER_EPOCH}). */
  static final int LEAVE_EPOCH = -1;
  /** Kafka's epoch of a static member that rejoining ({@code LEAVE_GROUP_STATIC_MEMBER_EPOCH}). */
  static final int LEAVE_STATIC_EPOCH = -2;

  final String memberId;
  String instanceId;
  String rackId;
  String clientId;
  String clientHost;
  int rebalanceTimeoutMs;
  List<String> subscribedTopicNames = List.of();
  String subscribedTopicRegex;
  /** {@link #subscribedTopicRegex} compiled, or null. */
  java.util.regex.Pattern compiledRegex;
  String serverAssignor;
  int memberEpoch;
  int previousMemberEpoch;
  ConsumerMemberState state = ConsumerMemberState.STABLE;
  Map<Uuid, Set<Integer>> assigned = Map.of();
  Map<Uuid, Set<Integer>> pendingRevocation = Map.of();
  GroupScheduler.Timer sessionTimer;
  /** Runs while the member is revoking; it is fenced when the rebalance timeout passes first. */
  GroupScheduler.Timer revocationTimer;

  ConsumerMember(String memberId) {
    this.memberId = memberId;
  }

  boolean isStatic() {
    return instanceId != null;
  }

  void cancelTimers() {
    if (sessionTimer != null) {
      sessionTimer.cancel();
      sessionTimer = null;
    }
    cancelRevocationTimer();
  }

  void cancelRevocationTimer() {
    if (revocationTimer != null) {
      revocationTimer.cancel();
      revocationTimer = null;
    }
  }
}
