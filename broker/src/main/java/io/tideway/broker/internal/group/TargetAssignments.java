package io.tideway.broker.internal.group;

import io.tideway.broker.internal.group.assignor.AssignmentSpec;
import io.tideway.broker.internal.group.assignor.PartitionAssignor;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes a consumer group's target assignment when its group epoch moved past the assignment
 * epoch. The assignor is the one most members ask for ({@code group.remote.assignor}), ties going
 * to the earlier in {@code group.consumer.assignors}, and the first configured when nobody asks
 * (Kafka's rule). The assignment is computed synchronously, so a group is only ever briefly
 * Assigning.
 *
 * <p>Thread contract: immutable and thread-safe; the groups it updates belong to the caller's
 * context.
 */
final class TargetAssignments {

  private static final Logger log = LoggerFactory.getLogger(TargetAssignments.class);

  private final List<PartitionAssignor> assignors;

  /** @param assignors the configured assignors, in preference order (at least one) */
  TargetAssignments(List<PartitionAssignor> assignors) {
    if (assignors.isEmpty()) {
      throw new IllegalArgumentException("At least one consumer group assignor is required");
    }
    this.assignors = List.copyOf(assignors);
  }

  /** Whether {@code name} is a configured assignor. */
  boolean supports(String name) {
    return assignors.stream().anyMatch(assignor -> assignor.name().equals(name));
  }

  /** Recomputes the target assignment of {@code group} at its group epoch. */
  void update(ConsumerGroup group) {
    PartitionAssignor assignor = choose(group);
    Map<String, AssignmentSpec.Member> members = new HashMap<>();
    Map<org.apache.kafka.common.Uuid, Integer> counts = new HashMap<>();
    group.subscribedTopics.values().forEach(topic -> counts.put(topic.id(), topic.partitions()));
    for (ConsumerMember member : group.members.values()) {
      members.put(member.memberId, new AssignmentSpec.Member(
          SubscribedTopics.idsFor(member, group.subscribedTopics), group.target(member.memberId)));
    }
    group.targetAssignment = assignor.assign(new AssignmentSpec(members, counts));
    group.assignmentEpoch = group.groupEpoch;
    group.assignorName = assignor.name();
    log.atInfo().setMessage("Computed a new target assignment").addKeyValue("groupId",
        group.groupId).addKeyValue("groupEpoch", group.groupEpoch)
        .addKeyValue("assignor", assignor.name()).addKeyValue("members", members.size()).log();
  }

  private PartitionAssignor choose(ConsumerGroup group) {
    Map<String, Integer> votes = new LinkedHashMap<>();
    assignors.forEach(assignor -> votes.put(assignor.name(), 0));
    group.members.values().forEach(member -> {
      if (member.serverAssignor != null && votes.containsKey(member.serverAssignor)) {
        votes.merge(member.serverAssignor, 1, Integer::sum);
      }
    });
    PartitionAssignor best = assignors.get(0);
    for (PartitionAssignor assignor : assignors) {
      if (votes.get(assignor.name()) > votes.get(best.name())) {
        best = assignor;
      }
    }
    return best;
  }
}
