package io.tideway.broker.internal.group.assignor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;

/**
 * The {@code uniform} assignor (Kafka's default): spreads partitions evenly over the members while
 * moving as few as possible. Three steps: each member keeps the partitions of its current
 * assignment that still exist and that it still subscribes to; unassigned partitions go, one by
 * one in topic and partition order, to the least loaded subscribed member; then, while some member
 * holds at least two partitions more than another member subscribed to one of them, one partition
 * moves from the more loaded to the less loaded (each move lowers the sum of squared loads, so
 * this ends). With equal subscriptions the loads end within one of each other; a balanced current
 * assignment with an unchanged member set is returned unchanged.
 *
 * <p>Thread contract: stateless and thread-safe.
 */
public final class UniformAssignor implements PartitionAssignor {

  /** The name clients ask for. */
  public static final String NAME = "uniform";

  private record TopicPartition(Uuid topic, int partition) {
  }

  private static final Comparator<TopicPartition> ORDER = Comparator
      .comparing((TopicPartition tp) -> tp.topic().toString())
      .thenComparingInt(TopicPartition::partition);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Map<String, Map<Uuid, Set<Integer>>> assign(AssignmentSpec spec) {
    Map<String, TreeSet<TopicPartition>> owned = new TreeMap<>();
    Map<TopicPartition, String> owner = new HashMap<>();
    spec.members().keySet().stream().sorted().forEach(id -> owned.put(id, new TreeSet<>(ORDER)));
    keepCurrent(spec, owned, owner);
    assignRemaining(spec, owned, owner);
    balance(spec, owned);
    Map<String, Map<Uuid, Set<Integer>>> result = new HashMap<>();
    owned.forEach((memberId, partitions) -> {
      Map<Uuid, Set<Integer>> assignment = new HashMap<>();
      partitions.forEach(tp -> assignment.computeIfAbsent(tp.topic(), t -> new TreeSet<>())
          .add(tp.partition()));
      result.put(memberId, assignment);
    });
    return Assignments.immutable(result);
  }

  private static void keepCurrent(AssignmentSpec spec, Map<String, TreeSet<TopicPartition>> owned,
      Map<TopicPartition, String> owner) {
    owned.forEach((memberId, partitions) -> {
      AssignmentSpec.Member member = spec.members().get(memberId);
      member.current().forEach((topic, current) -> {
        Integer count = spec.partitionCounts().get(topic);
        if (count == null || !member.topics().contains(topic)) {
          return;
        }
        for (int partition : current) {
          TopicPartition tp = new TopicPartition(topic, partition);
          // A stale spec could name a partition twice; the first member (by id) keeps it.
          if (partition < count && owner.putIfAbsent(tp, memberId) == null) {
            partitions.add(tp);
          }
        }
      });
    });
  }

  private static void assignRemaining(AssignmentSpec spec,
      Map<String, TreeSet<TopicPartition>> owned, Map<TopicPartition, String> owner) {
    Map<Uuid, List<String>> subscribers = subscribers(spec, owned);
    List<Uuid> topics = new ArrayList<>(subscribers.keySet());
    topics.sort(Comparator.comparing(Uuid::toString));
    for (Uuid topic : topics) {
      List<String> candidates = subscribers.get(topic);
      for (int p = 0; p < spec.partitionCounts().get(topic); p++) {
        TopicPartition tp = new TopicPartition(topic, p);
        if (owner.containsKey(tp)) {
          continue;
        }
        String target = candidates.stream()
            .min(Comparator.comparingInt((String id) -> owned.get(id).size())
                .thenComparing(Comparator.naturalOrder()))
            .orElseThrow();
        owned.get(target).add(tp);
        owner.put(tp, target);
      }
    }
  }

  private static void balance(AssignmentSpec spec, Map<String, TreeSet<TopicPartition>> owned) {
    boolean moved = true;
    while (moved) {
      moved = false;
      List<String> byLoad = new ArrayList<>(owned.keySet());
      byLoad.sort(Comparator.comparingInt((String id) -> -owned.get(id).size())
          .thenComparing(Comparator.naturalOrder()));
      outer:
      for (String from : byLoad) {
        for (TopicPartition tp : owned.get(from).descendingSet()) {
          String to = leastLoadedSubscriber(spec, owned, tp.topic());
          if (to != null && owned.get(to).size() + 1 < owned.get(from).size()) {
            owned.get(from).remove(tp);
            owned.get(to).add(tp);
            moved = true;
            break outer;
          }
        }
      }
    }
  }

  private static String leastLoadedSubscriber(AssignmentSpec spec,
      Map<String, TreeSet<TopicPartition>> owned, Uuid topic) {
    String best = null;
    for (var entry : owned.entrySet()) {
      if (spec.members().get(entry.getKey()).topics().contains(topic)
          && (best == null || entry.getValue().size() < owned.get(best).size())) {
        best = entry.getKey();
      }
    }
    return best;
  }

  private static Map<Uuid, List<String>> subscribers(AssignmentSpec spec,
      Map<String, TreeSet<TopicPartition>> owned) {
    Map<Uuid, List<String>> subscribers = new HashMap<>();
    owned.keySet().forEach(memberId -> spec.members().get(memberId).topics().forEach(topic ->
        subscribers.computeIfAbsent(topic, t -> new ArrayList<>()).add(memberId)));
    return subscribers;
  }
}
