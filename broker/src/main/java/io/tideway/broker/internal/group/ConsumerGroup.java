package io.tideway.broker.internal.group;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Uuid;

/**
 * The state of one KIP-848 consumer group: members, the group epoch (bumped by every membership,
 * subscription or subscribed-metadata change), the target assignment and its epoch, and an index
 * of which member currently owns (or still has to revoke) each partition.
 *
 * <p>Thread contract: not thread-safe; owned by the event-loop context its id hashes to.
 * Invariants: {@code assignmentEpoch <= groupEpoch}; {@link #owners} maps a partition to the one
 * member whose {@code assigned} or {@code pendingRevocation} holds it; every static member's
 * instance id maps to its member id in {@link #staticMembers}.
 */
final class ConsumerGroup {

  /** A subscribed topic as the group last saw it, to notice new partitions and new topics. */
  record TopicImage(Uuid id, int partitions) {
  }

  final String groupId;
  int groupEpoch;
  int assignmentEpoch;
  boolean dead;
  final Map<String, ConsumerMember> members = new LinkedHashMap<>();
  final Map<String, String> staticMembers = new HashMap<>();
  /** Member id to its target assignment at {@link #assignmentEpoch}. */
  Map<String, Map<Uuid, Set<Integer>>> targetAssignment = Map.of();
  /** Name to image of every topic some member subscribes to (and that exists). */
  Map<String, TopicImage> subscribedTopics = Map.of();
  /** The assignor of the last target assignment. */
  String assignorName = "";
  private final Map<Uuid, Map<Integer, String>> owners = new HashMap<>();
  private long emptySinceMs;

  ConsumerGroup(String groupId, long nowMs) {
    this.groupId = groupId;
    this.emptySinceMs = nowMs;
  }

  ConsumerGroupState state() {
    if (dead) {
      return ConsumerGroupState.DEAD;
    }
    if (members.isEmpty()) {
      return ConsumerGroupState.EMPTY;
    }
    if (assignmentEpoch != groupEpoch) {
      return ConsumerGroupState.ASSIGNING;
    }
    for (ConsumerMember member : members.values()) {
      if (member.memberEpoch != assignmentEpoch || member.state != ConsumerMemberState.STABLE) {
        return ConsumerGroupState.RECONCILING;
      }
    }
    return ConsumerGroupState.STABLE;
  }

  boolean isEmpty() {
    return members.isEmpty();
  }

  /** When the group last became empty (or was created), for offset expiry. */
  long emptySinceMs() {
    return emptySinceMs;
  }

  void add(ConsumerMember member) {
    members.put(member.memberId, member);
    if (member.isStatic()) {
      staticMembers.put(member.instanceId, member.memberId);
    }
  }

  /** Removes a member, releasing its partitions. */
  void remove(ConsumerMember member, long nowMs) {
    if (members.remove(member.memberId, member)) {
      member.cancelTimers();
      updateAssignment(member, Map.of(), Map.of());
      if (member.isStatic()) {
        staticMembers.remove(member.instanceId, member.memberId);
      }
      if (members.isEmpty()) {
        emptySinceMs = nowMs;
      }
    }
  }

  /** The member holding static identity {@code instanceId}, or null. */
  ConsumerMember staticMember(String instanceId) {
    String memberId = staticMembers.get(instanceId);
    return memberId == null ? null : members.get(memberId);
  }

  /** Sets a member's current assignment, keeping the owner index in step. */
  void updateAssignment(ConsumerMember member, Map<Uuid, Set<Integer>> assigned,
      Map<Uuid, Set<Integer>> pendingRevocation) {
    release(member, member.assigned);
    release(member, member.pendingRevocation);
    member.assigned = assigned;
    member.pendingRevocation = pendingRevocation;
    claim(member, assigned);
    claim(member, pendingRevocation);
  }

  /** The member that owns or is revoking the partition, or null when it is free. */
  String owner(Uuid topic, int partition) {
    Map<Integer, String> byPartition = owners.get(topic);
    return byPartition == null ? null : byPartition.get(partition);
  }

  /** The target assignment of a member (empty if it has none). */
  Map<Uuid, Set<Integer>> target(String memberId) {
    return targetAssignment.getOrDefault(memberId, Map.of());
  }

  private void release(ConsumerMember member, Map<Uuid, Set<Integer>> partitions) {
    partitions.forEach((topic, set) -> {
      Map<Integer, String> byPartition = owners.get(topic);
      if (byPartition != null) {
        set.forEach(p -> byPartition.remove(p, member.memberId));
        if (byPartition.isEmpty()) {
          owners.remove(topic);
        }
      }
    });
  }

  private void claim(ConsumerMember member, Map<Uuid, Set<Integer>> partitions) {
    partitions.forEach((topic, set) -> {
      Map<Integer, String> byPartition = owners.computeIfAbsent(topic, t -> new HashMap<>());
      set.forEach(p -> byPartition.put(p, member.memberId));
    });
  }
}
