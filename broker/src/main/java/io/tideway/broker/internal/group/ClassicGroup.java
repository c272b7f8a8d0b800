package io.tideway.broker.internal.group;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;

/**
 * The state of one classic group: its members, generation, chosen protocol, leader, and the
 * members still expected in the current join or sync phase. {@link ClassicGroupProtocol} drives
 * the transitions; this class keeps the bookkeeping consistent.
 *
 * <p>Thread contract: not thread-safe; owned by the event-loop context its id hashes to, and only
 * touched there. Invariants: every static member's instance id maps to its member id in
 * {@link #staticMembers}; {@link #leaderId} is null exactly when there are no members; the
 * generation only grows.
 */
final class ClassicGroup {

  final String groupId;
  private ClassicGroupState state = ClassicGroupState.EMPTY;
  private long stateTimestampMs;
  int generationId;
  String protocolType;
  String protocolName;
  String leaderId;
  final Map<String, ClassicMember> members = new LinkedHashMap<>();
  final Map<String, String> staticMembers = new HashMap<>();
  /** Member ids handed out with MEMBER_ID_REQUIRED, each with its expiry timer. */
  final Map<String, GroupScheduler.Timer> pendingMembers = new HashMap<>();
  /** Members that joined the current generation but have not sent SyncGroup yet. */
  final Set<String> pendingSyncMembers = new HashSet<>();
  GroupScheduler.Timer joinTimer;
  GroupScheduler.Timer syncTimer;
  /** Whether a member joined during the initial rebalance delay (which then extends). */
  boolean newMemberAdded;
  /** Whether the join phase is in the initial rebalance delay of a group that was empty. */
  boolean initialDelayRunning;

  ClassicGroup(String groupId, long nowMs) {
    this.groupId = groupId;
    this.stateTimestampMs = nowMs;
  }

  ClassicGroupState state() {
    return state;
  }

  boolean is(ClassicGroupState candidate) {
    return state == candidate;
  }

  /** When the group entered its current state, in epoch milliseconds. */
  long stateTimestampMs() {
    return stateTimestampMs;
  }

  void transitionTo(ClassicGroupState next, long nowMs) {
    state = next;
    stateTimestampMs = nowMs;
  }

  boolean isEmpty() {
    return members.isEmpty();
  }

  void add(ClassicMember member) {
    if (members.isEmpty()) {
      protocolType = member.protocolType;
    }
    members.put(member.memberId, member);
    if (member.isStatic()) {
      staticMembers.put(member.groupInstanceId, member.memberId);
    }
    if (leaderId == null) {
      leaderId = member.memberId;
    }
  }

  void remove(String memberId) {
    ClassicMember member = members.remove(memberId);
    if (member == null) {
      return;
    }
    member.cancelSessionTimer();
    pendingSyncMembers.remove(memberId);
    if (member.isStatic()) {
      staticMembers.remove(member.groupInstanceId, memberId);
    }
    if (memberId.equals(leaderId)) {
      leaderId = members.isEmpty() ? null : members.keySet().iterator().next();
    }
  }

  /** Replaces a static member by its restarted self under a new id, keeping its assignment. */
  ClassicMember replaceStatic(ClassicMember old, String newMemberId) {
    ClassicMember replacement = old.withId(newMemberId);
    old.cancelSessionTimer();
    members.remove(old.memberId);
    members.put(newMemberId, replacement);
    staticMembers.put(old.groupInstanceId, newMemberId);
    if (old.memberId.equals(leaderId)) {
      leaderId = newMemberId;
    }
    if (pendingSyncMembers.remove(old.memberId)) {
      pendingSyncMembers.add(newMemberId);
    }
    return replacement;
  }

  /** The member id holding {@code instanceId}, or null. */
  String staticMemberId(String instanceId) {
    return staticMembers.get(instanceId);
  }

  boolean allMembersJoined() {
    return pendingMembers.isEmpty()
        && members.values().stream().allMatch(member -> member.awaitingJoin != null);
  }

  /** The longest rebalance timeout of the members, the join phase's deadline. */
  int rebalanceTimeoutMs() {
    return members.values().stream().mapToInt(member -> member.rebalanceTimeoutMs).max()
        .orElse(0);
  }

  /**
   * Whether a member with these protocols may join: the type must match and, unless the group is
   * empty, the member must share a protocol with every current member (Kafka's rule).
   */
  boolean supportsProtocols(String type, Collection<String> names) {
    if (members.isEmpty()) {
      return !type.isEmpty() && !names.isEmpty();
    }
    return type.equals(protocolType) && candidateProtocols(names).size() > 0;
  }

  private Set<String> candidateProtocols(Collection<String> extra) {
    Set<String> candidates = new HashSet<>(extra);
    members.values().forEach(member -> candidates.retainAll(member.protocols.keySet()));
    return candidates;
  }

  /**
   * The protocol for the next generation: among those every member supports, each member votes
   * for the first of its preferences, and the most votes win (Kafka's selection).
   */
  String selectProtocol() {
    Set<String> candidates = new HashSet<>(members.values().iterator().next().protocols.keySet());
    members.values().forEach(member -> candidates.retainAll(member.protocols.keySet()));
    Map<String, Integer> votes = new LinkedHashMap<>();
    for (ClassicMember member : members.values()) {
      member.protocols.keySet().stream().filter(candidates::contains).findFirst()
          .ifPresent(vote -> votes.merge(vote, 1, Integer::sum));
    }
    return votes.entrySet().stream().max(Map.Entry.comparingByValue())
        .map(Map.Entry::getKey).orElseThrow();
  }

  /**
   * The topics the members subscribe to, read from consumer protocol metadata; empty when the
   * group does not use the consumer protocol type or has no chosen protocol.
   */
  Set<String> subscribedTopics() {
    Set<String> topics = new HashSet<>();
    if (!"consumer".equals(protocolType) || protocolName == null) {
      return topics;
    }
    for (ClassicMember member : members.values()) {
      byte[] metadata = member.protocols.get(protocolName);
      if (metadata == null) {
        continue;
      }
      try {
        topics.addAll(ConsumerProtocol.deserializeSubscription(ByteBuffer.wrap(metadata))
            .topics());
      } catch (RuntimeException e) {
        // A malformed subscription subscribes to nothing we can know of.
      }
    }
    return topics;
  }
}
