package io.tideway.broker.internal.group.assignor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.Uuid;

/**
 * The {@code range} assignor: for each topic, the members subscribing to it, ordered by member
 * id, get consecutive ranges of its partitions; the first {@code partitions % members} get one
 * more. Topics with the same partition count are therefore co-partitioned (partition i of each
 * goes to the same member). Deterministic, so an unchanged member set keeps its assignment.
 *
 * <p>Thread contract: stateless and thread-safe.
 */
public final class RangeAssignor implements PartitionAssignor {

  /** The name clients ask for. */
  public static final String NAME = "range";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Map<String, Map<Uuid, Set<Integer>>> assign(AssignmentSpec spec) {
    Map<String, Map<Uuid, Set<Integer>>> result = new HashMap<>();
    Map<Uuid, List<String>> subscribers = new HashMap<>();
    new TreeMap<>(spec.members()).forEach((memberId, member) -> {
      result.put(memberId, new HashMap<>());
      member.topics().forEach(topic ->
          subscribers.computeIfAbsent(topic, t -> new ArrayList<>()).add(memberId));
    });
    subscribers.forEach((topic, members) -> {
      int partitions = spec.partitionCounts().get(topic);
      int base = partitions / members.size();
      int extra = partitions % members.size();
      int next = 0;
      for (int i = 0; i < members.size(); i++) {
        int count = base + (i < extra ? 1 : 0);
        if (count == 0) {
          continue;
        }
        Set<Integer> range = new HashSet<>();
        for (int p = next; p < next + count; p++) {
          range.add(p);
        }
        next += count;
        result.get(members.get(i)).put(topic, range);
      }
    });
    return Assignments.immutable(result);
  }
}
