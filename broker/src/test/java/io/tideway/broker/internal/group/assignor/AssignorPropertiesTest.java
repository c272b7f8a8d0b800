package io.tideway.broker.internal.group.assignor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.Uuid;

/** Properties of the uniform and range assignors over random groups. */
class AssignorPropertiesTest {

  private static final List<PartitionAssignor> ASSIGNORS = List.of(new UniformAssignor(),
      new RangeAssignor());

  /** A random group: topics with partition counts and members with random subscriptions. */
  record Group(Map<Uuid, Integer> topics, Map<String, Set<Uuid>> subscriptions) {

    AssignmentSpec spec(Map<String, Map<Uuid, Set<Integer>>> current) {
      Map<String, AssignmentSpec.Member> members = new HashMap<>();
      subscriptions.forEach((id, topicIds) -> members.put(id,
          new AssignmentSpec.Member(topicIds, current.getOrDefault(id, Map.of()))));
      return new AssignmentSpec(members, topics);
    }
  }

  @Property(tries = 200)
  void everySubscribedPartitionIsAssignedExactlyOnceAndOnlyToSubscribers(
      @ForAll("groups") Group group) {
    for (PartitionAssignor assignor : ASSIGNORS) {
      var result = assignor.assign(group.spec(Map.of()));
      assertThat(result.keySet()).isEqualTo(group.subscriptions().keySet());
      Map<Uuid, List<Integer>> seen = new HashMap<>();
      result.forEach((member, assignment) -> assignment.forEach((topic, partitions) -> {
        assertThat(group.subscriptions().get(member)).as(assignor.name()).contains(topic);
        seen.computeIfAbsent(topic, t -> new ArrayList<>()).addAll(partitions);
      }));
      Set<Uuid> subscribed = new HashSet<>();
      group.subscriptions().values().forEach(subscribed::addAll);
      for (Uuid topic : subscribed) {
        List<Integer> expected = new ArrayList<>();
        for (int p = 0; p < group.topics().get(topic); p++) {
          expected.add(p);
        }
        assertThat(seen.getOrDefault(topic, List.of())).as(assignor.name())
            .containsExactlyInAnyOrderElementsOf(expected);
      }
    }
  }

  @Property(tries = 200)
  void uniformBalancesWithinOneWhenSubscriptionsAreEqual(@ForAll("equalGroups") Group group) {
    var result = new UniformAssignor().assign(group.spec(Map.of()));
    List<Integer> loads = result.values().stream().map(Assignments::size).toList();
    assertThat(loads.stream().mapToInt(i -> i).max().orElse(0)
        - loads.stream().mapToInt(i -> i).min().orElse(0)).isLessThanOrEqualTo(1);
  }

  @Property(tries = 200)
  void uniformStaysBalancedAfterAMemberJoins(@ForAll("equalGroups") Group group) {
    UniformAssignor assignor = new UniformAssignor();
    var before = assignor.assign(group.spec(Map.of()));
    Map<String, Set<Uuid>> grown = new HashMap<>(group.subscriptions());
    grown.put("zz-new", group.subscriptions().values().iterator().next());
    var after = assignor.assign(new Group(group.topics(), grown).spec(before));
    List<Integer> loads = after.values().stream().map(Assignments::size).toList();
    assertThat(loads.stream().mapToInt(i -> i).max().orElse(0)
        - loads.stream().mapToInt(i -> i).min().orElse(0)).isLessThanOrEqualTo(1);
  }

  @Property(tries = 200)
  void anUnchangedMemberSetKeepsItsAssignment(@ForAll("groups") Group group) {
    for (PartitionAssignor assignor : ASSIGNORS) {
      var first = assignor.assign(group.spec(Map.of()));
      var second = assignor.assign(group.spec(first));
      assertThat(second).as(assignor.name()).isEqualTo(first);
    }
  }

  @Provide
  Arbitrary<Group> groups() {
    return topicsArbitrary().flatMap(topics -> {
      List<Uuid> ids = new ArrayList<>(topics.keySet());
      Arbitrary<Set<Uuid>> subscription = Arbitraries.of(ids).set().ofMinSize(1)
          .ofMaxSize(ids.size());
      return subscription.list().ofMinSize(1).ofMaxSize(8)
          .map(subscriptions -> new Group(topics, members(subscriptions)));
    });
  }

  @Provide
  Arbitrary<Group> equalGroups() {
    return Combinators.combine(topicsArbitrary(), Arbitraries.integers().between(1, 10))
        .as((topics, count) -> {
          List<Set<Uuid>> subscriptions = new ArrayList<>();
          for (int i = 0; i < count; i++) {
            subscriptions.add(topics.keySet());
          }
          return new Group(topics, members(subscriptions));
        });
  }

  private static Arbitrary<Map<Uuid, Integer>> topicsArbitrary() {
    return Arbitraries.integers().between(1, 12).list().ofMinSize(1).ofMaxSize(4).map(counts -> {
      Map<Uuid, Integer> topics = new HashMap<>();
      for (int i = 0; i < counts.size(); i++) {
        topics.put(new Uuid(0, i + 1), counts.get(i));
      }
      return topics;
    });
  }

  private static Map<String, Set<Uuid>> members(List<Set<Uuid>> subscriptions) {
    Map<String, Set<Uuid>> members = new HashMap<>();
    for (int i = 0; i < subscriptions.size(); i++) {
      members.put("member-" + i, Set.copyOf(subscriptions.get(i)));
    }
    return members;
  }
}
