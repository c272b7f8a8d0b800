package io.tideway.broker.internal.group.assignor;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Uuid;

/**
 * Helpers for assignments ({@code topic id -> partitions}), shared by the assignors and the
 * coordinator.
 *
 * <p>Thread contract: stateless; results are immutable.
 */
public final class Assignments {

  private Assignments() {
  }

  /** A deep immutable copy without empty partition sets. */
  public static Map<Uuid, Set<Integer>> copyOf(Map<Uuid, Set<Integer>> assignment) {
    Map<Uuid, Set<Integer>> copy = new HashMap<>();
    assignment.forEach((topic, partitions) -> {
      if (!partitions.isEmpty()) {
        copy.put(topic, Set.copyOf(partitions));
      }
    });
    return Map.copyOf(copy);
  }

  /** A deep immutable copy of a per-member assignment. */
  public static Map<String, Map<Uuid, Set<Integer>>> immutable(
      Map<String, Map<Uuid, Set<Integer>>> assignment) {
    Map<String, Map<Uuid, Set<Integer>>> copy = new HashMap<>();
    assignment.forEach((member, partitions) -> copy.put(member, copyOf(partitions)));
    return Map.copyOf(copy);
  }

  /** How many partitions {@code assignment} holds. */
  public static int size(Map<Uuid, Set<Integer>> assignment) {
    return assignment.values().stream().mapToInt(Set::size).sum();
  }
}
