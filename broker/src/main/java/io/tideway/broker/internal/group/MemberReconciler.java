package io.tideway.broker.internal.group;

import io.tideway.broker.internal.group.assignor.Assignments;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;

/**
 * Moves one member towards its target assignment, revoke before assign (Kafka's
 * {@code CurrentAssignmentBuilder}): partitions it keeps stay; partitions that leave its target
 * are first held as pending revocation while its epoch stays behind, until a heartbeat shows it
 * released them; only then does it move to the target epoch and receive new partitions, and only
 * those no other member still owns or revokes (the rest follow on later heartbeats).
 *
 * <p>Thread contract: stateless; called on the group's owning context.
 */
final class MemberReconciler {

  private MemberReconciler() {
  }

  /**
   * Reconciles {@code member} of {@code group}.
   *
   * @param owned the partitions the member reported it owns, or null when it did not say
   */
  static void reconcile(ConsumerGroup group, ConsumerMember member,
      List<ConsumerGroupHeartbeatRequestData.TopicPartitions> owned) {
    int targetEpoch = group.assignmentEpoch;
    switch (member.state) {
      case STABLE -> {
        if (member.memberEpoch != targetEpoch) {
          computeNext(group, member, targetEpoch);
        }
      }
      case UNREVOKED_PARTITIONS -> {
        if (owned != null && releasedAll(member.pendingRevocation, owned)) {
          computeNext(group, member, targetEpoch);
        }
      }
      case UNRELEASED_PARTITIONS -> computeNext(group, member, targetEpoch);
      default -> throw new IllegalStateException("Unknown member state " + member.state);
    }
  }

  private static void computeNext(ConsumerGroup group, ConsumerMember member, int targetEpoch) {
    Map<Uuid, Set<Integer>> target = group.target(member.memberId);
    Map<Uuid, Set<Integer>> keep = new HashMap<>();
    Map<Uuid, Set<Integer>> revoke = new HashMap<>();
    member.assigned.forEach((topic, partitions) -> {
      Set<Integer> wanted = target.getOrDefault(topic, Set.of());
      for (int partition : partitions) {
        (wanted.contains(partition) ? keep : revoke)
            .computeIfAbsent(topic, t -> new HashSet<>()).add(partition);
      }
    });
    if (!revoke.isEmpty()) {
      group.updateAssignment(member, Assignments.copyOf(keep), Assignments.copyOf(revoke));
      member.state = ConsumerMemberState.UNREVOKED_PARTITIONS;
      return;
    }
    boolean unreleased = false;
    Map<Uuid, Set<Integer>> next = new HashMap<>();
    keep.forEach((topic, partitions) -> next.put(topic, new HashSet<>(partitions)));
    for (var entry : target.entrySet()) {
      for (int partition : entry.getValue()) {
        String owner = group.owner(entry.getKey(), partition);
        if (owner == null || owner.equals(member.memberId)) {
          next.computeIfAbsent(entry.getKey(), t -> new HashSet<>()).add(partition);
        } else {
          unreleased = true;
        }
      }
    }
    group.updateAssignment(member, Assignments.copyOf(next), Map.of());
    if (member.memberEpoch != targetEpoch) {
      member.previousMemberEpoch = member.memberEpoch;
      member.memberEpoch = targetEpoch;
    }
    member.state = unreleased ? ConsumerMemberState.UNRELEASED_PARTITIONS
        : ConsumerMemberState.STABLE;
  }

  private static boolean releasedAll(Map<Uuid, Set<Integer>> pending,
      List<ConsumerGroupHeartbeatRequestData.TopicPartitions> owned) {
    for (var topic : owned) {
      Set<Integer> revoking = pending.get(topic.topicId());
      if (revoking != null && topic.partitions().stream().anyMatch(revoking::contains)) {
        return false;
      }
    }
    return true;
  }
}
