package io.tideway.broker.internal.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.broker.GroupRequestContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/** The KIP-848 state machine on a manual clock. */
class ConsumerGroupProtocolTest {

  private static final GroupRequestContext V1 = new GroupRequestContext("client", "/127.0.0.1",
      (short) 1);
  private static final int SESSION = 45_000;

  private final ManualScheduler scheduler = new ManualScheduler();
  private final FakeTopics topics = new FakeTopics();
  private final Uuid orders = topics.put("orders", 6);
  private final ConsumerGroups consumer = new ConsumerGroups(scheduler);
  private final ClassicGroups classic = new ClassicGroups(scheduler, consumer::contains);
  private final ConsumerGroupSettings settings = new ConsumerGroupSettings(SESSION, 5000, 45_000,
      60_000, 5000, 15_000, 3, List.of("uniform", "range"));
  private final ConsumerGroupProtocol protocol = new ConsumerGroupProtocol(consumer, classic,
      topics, scheduler, settings);

  @Test
  void theFirstMemberGetsEveryPartitionAndTheGroupIsStable() {
    ConsumerGroupHeartbeatResponseData response = join("a", null);
    assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
    assertThat(response.memberEpoch()).isEqualTo(1);
    assertThat(response.heartbeatIntervalMs()).isEqualTo(5000);
    assertThat(partitions(response)).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
    assertThat(group().state()).isEqualTo(ConsumerGroupState.STABLE);
    assertThat(group().assignorName).isEqualTo("uniform");
  }

  @Test
  void partitionsMoveOnlyAfterThePreviousOwnerRevokedThem() {
    join("a", null);
    ConsumerGroupHeartbeatResponseData b = join("b", null);
    assertThat(b.memberEpoch()).isEqualTo(2);
    assertThat(partitions(b)).as("b waits for a to release").isEmpty();
    assertThat(group().state()).isEqualTo(ConsumerGroupState.RECONCILING);

    ConsumerGroupHeartbeatResponseData a = heartbeat("a", 1, owned(0, 1, 2, 3, 4, 5));
    assertThat(a.memberEpoch()).as("a stays behind until it revokes").isEqualTo(1);
    Set<Integer> kept = partitions(a);
    assertThat(kept).hasSize(3);
    assertThat(heartbeat("b", 2, owned()).assignment()).isNull();

    ConsumerGroupHeartbeatResponseData revoked = heartbeat("a", 1, owned(kept));
    assertThat(revoked.memberEpoch()).isEqualTo(2);
    ConsumerGroupHeartbeatResponseData gained = heartbeat("b", 2, owned());
    assertThat(partitions(gained)).hasSize(3).doesNotContainAnyElementsOf(kept);
    assertThat(group().state()).isEqualTo(ConsumerGroupState.STABLE);
  }

  @Test
  void epochsAreFencedButALostResponseIsForgiven() {
    join("a", null);
    join("b", null);
    ConsumerGroupHeartbeatResponseData a = heartbeat("a", 1, owned(0, 1, 2, 3, 4, 5));
    heartbeat("a", 1, owned(partitions(a)));
    assertThat(group().members.get("a").memberEpoch).isEqualTo(2);
    assertThat(error(heartbeat("a", 3, null))).isEqualTo(Errors.FENCED_MEMBER_EPOCH);
    assertThat(error(heartbeat("a", 1, owned(partitions(a)))))
        .as("previous epoch with a subset of its partitions").isEqualTo(Errors.NONE);
    assertThat(error(heartbeat("a", 1, owned(0, 1, 2, 3, 4, 5))))
        .as("previous epoch claiming partitions it no longer has")
        .isEqualTo(Errors.FENCED_MEMBER_EPOCH);
    assertThat(error(heartbeat("nobody", 1, null))).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    assertThat(error(heartbeat(request("a", 4, null).setGroupId("forgotten"))))
        .as("a group lost with a restart: rejoin").isEqualTo(Errors.UNKNOWN_MEMBER_ID);
  }

  @Test
  void aLeavingMembersPartitionsGoToTheOthers() {
    stableGroupOfTwo();
    ConsumerGroupHeartbeatResponseData left = heartbeat("b", ConsumerMember.LEAVE_EPOCH, null);
    assertThat(left.memberEpoch()).isEqualTo(-1);
    ConsumerGroupHeartbeatResponseData a = heartbeat("a", 2, null);
    assertThat(a.memberEpoch()).isEqualTo(3);
    assertThat(partitions(a)).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
  }

  @Test
  void anExpiredSessionRemovesTheMember() {
    stableGroupOfTwo();
    for (int i = 0; i < 10; i++) {
      scheduler.advance(5000);
      heartbeat("a", group().members.get("a").memberEpoch, null);
    }
    assertThat(group().members).containsOnlyKeys("a");
    assertThat(group().members.get("a").assigned.get(orders)).hasSize(6);
    assertThat(group().members.get("a").memberEpoch).isEqualTo(3);
  }

  @Test
  void aMemberThatDoesNotRevokeInTimeIsFenced() {
    join("a", null);
    join("b", null);
    heartbeat("a", 1, owned(0, 1, 2, 3, 4, 5)); // told to revoke three
    for (int i = 0; i < 12; i++) { // a keeps heartbeating without revoking
      scheduler.advance(2500);
      heartbeat("a", 1, owned(0, 1, 2, 3, 4, 5));
      heartbeat("b", group().members.get("b").memberEpoch, owned());
    }
    assertThat(group().members).containsOnlyKeys("b");
    assertThat(group().members.get("b").assigned.get(orders)).hasSize(6);
  }

  @Test
  void aStaticMemberComesBackUnderANewIdWithItsPartitions() {
    join("s1", "instance");
    assertThat(error(join("s2", "instance"))).isEqualTo(Errors.UNRELEASED_INSTANCE_ID);
    ConsumerGroupHeartbeatResponseData left = heartbeat(request("s1", -2, null)
        .setInstanceId("instance"));
    assertThat(left.memberEpoch()).isEqualTo(-2);
    int epoch = group().groupEpoch;
    ConsumerGroupHeartbeatResponseData back = join("s2", "instance");
    assertThat(error(back)).isEqualTo(Errors.NONE);
    assertThat(group().groupEpoch).as("no rebalance").isEqualTo(epoch);
    assertThat(partitions(back)).hasSize(6);
    assertThat(group().members).containsOnlyKeys("s2");
  }

  @Test
  void aStaticMemberThatDoesNotComeBackLosesItsPartitionsAtItsSessionTimeout() {
    join("s1", "instance");
    join("d", null);
    heartbeat(request("s1", -2, null).setInstanceId("instance"));
    scheduler.advance(SESSION - 1);
    heartbeat("d", group().members.get("d").memberEpoch, owned());
    assertThat(group().members).containsKeys("s1", "d");
    scheduler.advance(1);
    assertThat(group().members).containsOnlyKeys("d");
    ConsumerGroupHeartbeatResponseData d = heartbeat("d", group().members.get("d").memberEpoch,
        owned());
    assertThat(partitions(d)).hasSize(6);
  }

  @Test
  void badRequestsGetPreciseErrors() {
    assertThat(heartbeat(request("a", 0, null).setRebalanceTimeoutMs(-1)).errorMessage())
        .isEqualTo("RebalanceTimeoutMs must be provided in first request.");
    assertThat(error(heartbeat(request("", 0, null)))).isEqualTo(Errors.INVALID_REQUEST);
    assertThat(error(heartbeat(request("a", 0, null).setSubscribedTopicNames(null))))
        .isEqualTo(Errors.INVALID_REQUEST);
    assertThat(error(heartbeat(request("a", -2, null)))).isEqualTo(Errors.INVALID_REQUEST);
    assertThat(error(heartbeat(request("a", -3, null)))).isEqualTo(Errors.INVALID_REQUEST);
    assertThat(error(heartbeat(request("a", 0, null).setServerAssignor("sticky"))))
        .isEqualTo(Errors.UNSUPPORTED_ASSIGNOR);
    assertThat(error(heartbeat(request("a", 0, null).setSubscribedTopicNames(null)
        .setSubscribedTopicRegex("orders[")))).isEqualTo(Errors.INVALID_REGULAR_EXPRESSION);
    assertThat(consumer.contains("g")).isFalse();
  }

  @Test
  void theGroupSizeIsBounded() {
    join("a", null);
    join("b", null);
    join("c", null);
    assertThat(error(join("d", null))).isEqualTo(Errors.GROUP_MAX_SIZE_REACHED);
  }

  @Test
  void newPartitionsAndMatchingTopicsTriggerANewTargetAssignment() {
    join("a", null);
    topics.put("orders", 8);
    ConsumerGroupHeartbeatResponseData grown = heartbeat("a", 1, null);
    assertThat(grown.memberEpoch()).isEqualTo(2);
    assertThat(partitions(grown)).hasSize(8);

    ConsumerGroupHeartbeatResponseData regex = heartbeat(request("r", 0, null)
        .setGroupId("g2").setSubscribedTopicNames(null).setSubscribedTopicRegex("pay.*"));
    assertThat(regex.assignment().topicPartitions()).isEmpty();
    Uuid payments = topics.put("payments", 2);
    ConsumerGroupHeartbeatResponseData matched = heartbeat(request("r", 1, null)
        .setGroupId("g2").setRebalanceTimeoutMs(-1).setSubscribedTopicNames(null));
    assertThat(matched.assignment().topicPartitions()).singleElement()
        .satisfies(tp -> assertThat(tp.topicId()).isEqualTo(payments));
  }

  @Test
  void aGroupIdIsEitherClassicOrConsumer() {
    join("a", null);
    ClassicGroupProtocol classicProtocol = new ClassicGroupProtocol(classic, scheduler,
        GroupSettings.defaults());
    var joined = classicProtocol.join(new GroupRequestContext("c", "/h", (short) 9),
        new JoinGroupRequestData().setGroupId("g").setMemberId("").setProtocolType("consumer")
            .setSessionTimeoutMs(10_000).setRebalanceTimeoutMs(10_000)).result();
    assertThat(Errors.forCode(joined.errorCode())).isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);

    ClassicGroup busy = classic.getOrCreate("classic");
    busy.add(new ClassicMember("m", null, "c", "/h", 10_000, 10_000, "consumer",
        Map.of("range", new byte[0])));
    assertThat(error(heartbeat(request("a", 0, null).setGroupId("classic"))))
        .isEqualTo(Errors.GROUP_ID_NOT_FOUND);
    classic.getOrCreate("empty");
    assertThat(error(heartbeat(request("a", 0, null).setGroupId("empty"))))
        .as("an empty classic group becomes a consumer group").isEqualTo(Errors.NONE);
    assertThat(classic.get("empty")).isNull();
  }

  @Test
  void commitsAndFetchesCheckMemberEpochs() {
    stableGroupOfTwo();
    ConsumerGroup group = group();
    assertThat(ConsumerOffsetRules.validateCommit(group, "a", 2, (short) 9))
        .isEqualTo(Errors.NONE);
    assertThat(ConsumerOffsetRules.validateCommit(group, "a", 1, (short) 9))
        .isEqualTo(Errors.STALE_MEMBER_EPOCH);
    assertThat(ConsumerOffsetRules.validateCommit(group, "a", 3, (short) 9))
        .isEqualTo(Errors.FENCED_MEMBER_EPOCH);
    assertThat(ConsumerOffsetRules.validateCommit(group, "a", 2, (short) 8))
        .isEqualTo(Errors.UNSUPPORTED_VERSION);
    assertThat(ConsumerOffsetRules.validateCommit(group, "x", 2, (short) 9))
        .isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    assertThat(ConsumerOffsetRules.validateCommit(group, "", -1, (short) 9))
        .as("admin commits need an empty group").isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    assertThat(ConsumerOffsetRules.validateFetch(group, "b", 1))
        .isEqualTo(Errors.STALE_MEMBER_EPOCH);
    assertThat(ConsumerOffsetRules.validateFetch(group, null, -1)).isEqualTo(Errors.NONE);
  }

  // ------------------------------------------------------------------------------------ helpers

  private void stableGroupOfTwo() {
    join("a", null);
    join("b", null);
    ConsumerGroupHeartbeatResponseData a = heartbeat("a", 1, owned(0, 1, 2, 3, 4, 5));
    heartbeat("a", 1, owned(partitions(a)));
    heartbeat("b", 2, owned());
    assertThat(group().state()).isEqualTo(ConsumerGroupState.STABLE);
  }

  private ConsumerGroup group() {
    return consumer.get("g");
  }

  private ConsumerGroupHeartbeatResponseData join(String memberId, String instanceId) {
    return heartbeat(request(memberId, 0, null).setInstanceId(instanceId));
  }

  private ConsumerGroupHeartbeatResponseData heartbeat(String memberId, int epoch,
      List<ConsumerGroupHeartbeatRequestData.TopicPartitions> owned) {
    return heartbeat(request(memberId, epoch, owned).setRebalanceTimeoutMs(-1)
        .setSubscribedTopicNames(null));
  }

  private ConsumerGroupHeartbeatResponseData heartbeat(ConsumerGroupHeartbeatRequestData r) {
    return protocol.heartbeat(V1, r);
  }

  private static ConsumerGroupHeartbeatRequestData request(String memberId, int epoch,
      List<ConsumerGroupHeartbeatRequestData.TopicPartitions> owned) {
    return new ConsumerGroupHeartbeatRequestData().setGroupId("g").setMemberId(memberId)
        .setMemberEpoch(epoch).setRebalanceTimeoutMs(30_000)
        .setSubscribedTopicNames(List.of("orders")).setTopicPartitions(owned);
  }

  private List<ConsumerGroupHeartbeatRequestData.TopicPartitions> owned(Integer... partitions) {
    return owned(Set.of(partitions));
  }

  private List<ConsumerGroupHeartbeatRequestData.TopicPartitions> owned(Set<Integer> partitions) {
    List<ConsumerGroupHeartbeatRequestData.TopicPartitions> result = new ArrayList<>();
    if (!partitions.isEmpty()) {
      result.add(new ConsumerGroupHeartbeatRequestData.TopicPartitions().setTopicId(orders)
          .setPartitions(new ArrayList<>(partitions)));
    }
    return result;
  }

  private static Set<Integer> partitions(ConsumerGroupHeartbeatResponseData response) {
    Set<Integer> result = new HashSet<>();
    response.assignment().topicPartitions().forEach(tp -> result.addAll(tp.partitions()));
    return result;
  }

  private static Errors error(ConsumerGroupHeartbeatResponseData response) {
    return Errors.forCode(response.errorCode());
  }
}
