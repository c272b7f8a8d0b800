package io.tideway.broker.internal.group.assignor;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Uuid;

/**
 * The input of an assignor: each member's subscription and current target assignment, and the
 * partition count of every subscribed topic.
 *
 * <p>Thread contract: an immutable value, thread-safe. Invariant: members only subscribe to topics
 * that {@link #partitionCounts} knows (the coordinator drops unknown topics first).
 *
 * @param members member id to its subscription
 * @param partitionCounts topic id to its number of partitions (numbered from 0)
 */
public record AssignmentSpec(Map<String, Member> members, Map<Uuid, Integer> partitionCounts) {

  /** Copies the maps and checks that every subscribed topic is known. */
  public AssignmentSpec {
    members = Map.copyOf(members);
    partitionCounts = Map.copyOf(partitionCounts);
    for (var entry : members.entrySet()) {
      for (Uuid topic : entry.getValue().topics()) {
        if (!partitionCounts.containsKey(topic)) {
          throw new IllegalArgumentException("Member " + entry.getKey()
              + " subscribes to topic " + topic + " which has no partition count");
        }
      }
    }
  }

  /**
   * One member's view.
   *
   * @param topics the ids of the topics it subscribes to
   * @param current its current target assignment (for stickiness); may name stale partitions
   */
  public record Member(Set<Uuid> topics, Map<Uuid, Set<Integer>> current) {

    /** Copies the collections. */
    public Member {
      topics = Set.copyOf(topics);
      Map<Uuid, Set<Integer>> copy = new java.util.HashMap<>();
      current.forEach((topic, partitions) -> copy.put(topic, Set.copyOf(partitions)));
      current = Map.copyOf(copy);
    }
  }
}
