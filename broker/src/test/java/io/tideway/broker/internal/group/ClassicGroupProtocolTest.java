package io.tideway.broker.internal.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.broker.GroupRequestContext;
import io.vertx.core.Future;
import java.util.List;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

class ClassicGroupProtocolTest {

  private static final GroupRequestContext V9 = new GroupRequestContext("client", "/127.0.0.1",
      (short) 9);
  private static final int SESSION = 10_000;
  private static final int REBALANCE = 30_000;

  private final ManualScheduler scheduler = new ManualScheduler();
  private final GroupSettings settings = new GroupSettings(3000, 6000, 1_800_000, 3,
      7L * 24 * 3600 * 1000, 600_000, 4096);
  private final ClassicGroups groups = new ClassicGroups(scheduler, id -> false);
  private final ClassicGroupProtocol protocol = new ClassicGroupProtocol(groups, scheduler,
      settings);

  @Test
  void theFirstJoinNeedsAMemberIdAndTheInitialDelayGathersMembersIntoOneGeneration() {
    JoinGroupResponseData first = protocol.join(V9, join("", null)).result();
    assertThat(Errors.forCode(first.errorCode())).isEqualTo(Errors.MEMBER_ID_REQUIRED);
    String a = first.memberId();
    Future<JoinGroupResponseData> joinA = protocol.join(V9, join(a, null));
    String b = protocol.join(V9, join("", null)).result().memberId();
    scheduler.advance(2000);
    Future<JoinGroupResponseData> joinB = protocol.join(V9, join(b, null));
    assertThat(joinA.isComplete()).isFalse();
    scheduler.advance(3000); // first delay ends with a new member seen: extended once
    assertThat(joinA.isComplete()).isFalse();
    scheduler.advance(3000);
    assertThat(joinA.result().generationId()).isEqualTo(1);
    assertThat(joinB.result().generationId()).isEqualTo(1);
    assertThat(joinA.result().leader()).isEqualTo(a);
    assertThat(joinA.result().members()).hasSize(2);
    assertThat(joinB.result().members()).isEmpty();
    assertThat(joinA.result().protocolName()).isEqualTo("range");
  }

  @Test
  void withoutAnInitialDelayAJoinPhaseEndsAsSoonAsEveryMemberJoined() {
    ClassicGroups noDelayGroups = new ClassicGroups(scheduler, id -> false);
    ClassicGroupProtocol noDelay = new ClassicGroupProtocol(noDelayGroups, scheduler,
        new GroupSettings(0, 6000, 1_800_000, 3, 7L * 24 * 3600 * 1000, 600_000, 4096));
    String a = noDelay.join(V9, join("", null)).result().memberId();
    Future<JoinGroupResponseData> joined = noDelay.join(V9, join(a, null));
    assertThat(joined.isComplete()).as("no wait for the rebalance timeout").isTrue();
    assertThat(joined.result().generationId()).isEqualTo(1);
  }

  @Test
  void syncHandsOutTheLeadersAssignmentAndHeartbeatsKeepMembersAlive() {
    String[] ids = stableGroupOfTwo();
    assertThat(groups.get("g").state()).isEqualTo(ClassicGroupState.STABLE);
    for (int i = 0; i < 5; i++) {
      scheduler.advance(SESSION - 1000);
      assertThat(heartbeat(ids[0], 1)).isEqualTo(Errors.NONE);
      assertThat(heartbeat(ids[1], 1)).isEqualTo(Errors.NONE);
    }
    assertThat(heartbeat(ids[1], 0)).isEqualTo(Errors.ILLEGAL_GENERATION);
    assertThat(heartbeat("nobody", 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
  }

  @Test
  void anExpiredSessionRemovesTheMemberAndRebalancesTheRest() {
    String[] ids = stableGroupOfTwo();
    scheduler.advance(SESSION - 1000);
    assertThat(heartbeat(ids[0], 1)).isEqualTo(Errors.NONE);
    scheduler.advance(1500); // ids[1] expires
    assertThat(groups.get("g").state()).isEqualTo(ClassicGroupState.PREPARING_REBALANCE);
    assertThat(heartbeat(ids[0], 1)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
    Future<JoinGroupResponseData> rejoin = protocol.join(V9, join(ids[0], null));
    assertThat(rejoin.result().generationId()).isEqualTo(2);
    assertThat(rejoin.result().members()).extracting(m -> m.memberId()).containsExactly(ids[0]);
  }

  @Test
  void leavingRebalancesAndUnknownMembersAreReported() {
    String[] ids = stableGroupOfTwo();
    var response = protocol.leave(new LeaveGroupRequestData().setGroupId("g").setMembers(List.of(
        new LeaveGroupRequestData.MemberIdentity().setMemberId(ids[1]),
        new LeaveGroupRequestData.MemberIdentity().setMemberId("ghost"))));
    assertThat(response.members()).extracting(m -> Errors.forCode(m.errorCode()))
        .containsExactly(Errors.NONE, Errors.UNKNOWN_MEMBER_ID);
    assertThat(groups.get("g").state()).isEqualTo(ClassicGroupState.PREPARING_REBALANCE);
    assertThat(groups.get("g").members).containsOnlyKeys(ids[0]);
  }

  @Test
  void aMemberThatDoesNotRejoinIsDroppedAtTheRebalanceTimeout() {
    String[] ids = stableGroupOfTwo();
    Future<JoinGroupResponseData> rejoin = protocol.join(V9, join(ids[0], null)); // leader rejoins
    assertThat(rejoin.isComplete()).isFalse();
    for (int t = 0; t < REBALANCE; t += 5000) {
      scheduler.advance(5000);
      if (!rejoin.isComplete()) {
        assertThat(heartbeat(ids[1], 1)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
      }
    }
    assertThat(rejoin.result().generationId()).isEqualTo(2);
    assertThat(groups.get("g").members).containsOnlyKeys(ids[0]);
    assertThat(heartbeat(ids[1], 2)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
  }

  @Test
  void aRestartedStaticMemberTakesOverWithoutARebalanceAndFencesItsPredecessor() {
    Future<JoinGroupResponseData> a = protocol.join(V9, join("", "a"));
    Future<JoinGroupResponseData> b = protocol.join(V9, join("", "b"));
    scheduler.advance(6000);
    String aId = a.result().memberId();
    String bId = b.result().memberId();
    Future<SyncGroupResponseData> syncB = protocol.sync(sync(bId, 1, null));
    protocol.sync(sync(aId, 1, new byte[] {1}, bId, new byte[] {2}));
    assertThat(syncB.result().assignment()).containsExactly(2);

    JoinGroupResponseData restarted = protocol.join(V9, join("", "b")).result();
    assertThat(Errors.forCode(restarted.errorCode())).isEqualTo(Errors.NONE);
    assertThat(restarted.generationId()).isEqualTo(1);
    assertThat(restarted.memberId()).isNotEqualTo(bId);
    assertThat(groups.get("g").state()).isEqualTo(ClassicGroupState.STABLE);
    SyncGroupResponseData resync = protocol.sync(sync(restarted.memberId(), 1, null)).result();
    assertThat(resync.assignment()).containsExactly(2);
    assertThat(heartbeat(aId, 1)).isEqualTo(Errors.NONE);
    var fenced = new HeartbeatRequestData().setGroupId("g").setMemberId(bId)
        .setGroupInstanceId("b").setGenerationId(1);
    assertThat(Errors.forCode(protocol.heartbeat(fenced).errorCode()))
        .isEqualTo(Errors.FENCED_INSTANCE_ID);
  }

  @Test
  void joinsAreValidated() {
    assertThat(error(protocol.join(V9, join("", null).setSessionTimeoutMs(10))))
        .isEqualTo(Errors.INVALID_SESSION_TIMEOUT);
    assertThat(error(protocol.join(V9, join("", null).setGroupId(""))))
        .isEqualTo(Errors.INVALID_GROUP_ID);
    assertThat(error(protocol.join(V9, join("unknown", null))))
        .isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    stableGroupOfTwo();
    JoinGroupRequestData other = join("", null).setProtocols(
        new JoinGroupRequestData.JoinGroupRequestProtocolCollection(List.of(
            new JoinGroupRequestData.JoinGroupRequestProtocol().setName("roundrobin")
                .setMetadata(new byte[0])).iterator()));
    assertThat(error(protocol.join(V9, other))).isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
    protocol.join(V9, join("", "s1"));
    assertThat(error(protocol.join(V9, join("", "s2"))))
        .isEqualTo(Errors.GROUP_MAX_SIZE_REACHED);
  }

  @Test
  void syncIsFencedByGenerationAndRefusedDuringTheJoinPhase() {
    String[] ids = stableGroupOfTwo();
    assertThat(error(protocol.sync(sync(ids[1], 7, null)))).isEqualTo(Errors.ILLEGAL_GENERATION);
    protocol.join(V9, join(ids[0], null));
    assertThat(error(protocol.sync(sync(ids[1], 1, null))))
        .isEqualTo(Errors.REBALANCE_IN_PROGRESS);
  }

  /** Two dynamic members, generation 1, Stable; returns {leader, follower}. */
  private String[] stableGroupOfTwo() {
    String a = protocol.join(V9, join("", null)).result().memberId();
    String b = protocol.join(V9, join("", null)).result().memberId();
    Future<JoinGroupResponseData> joinA = protocol.join(V9, join(a, null));
    Future<JoinGroupResponseData> joinB = protocol.join(V9, join(b, null));
    scheduler.advance(6000); // the initial delay, extended once for the second member
    assertThat(joinA.result().generationId()).isEqualTo(1);
    Future<SyncGroupResponseData> syncB = protocol.sync(sync(b, 1, null));
    assertThat(syncB.isComplete()).isFalse();
    SyncGroupResponseData syncA = protocol.sync(sync(a, 1, new byte[] {1}, b, new byte[] {2}))
        .result();
    assertThat(syncA.assignment()).containsExactly(1);
    assertThat(syncB.result().assignment()).containsExactly(2);
    return new String[] {a, b};
  }

  private Errors heartbeat(String memberId, int generation) {
    return Errors.forCode(protocol.heartbeat(new HeartbeatRequestData().setGroupId("g")
        .setMemberId(memberId).setGenerationId(generation)).errorCode());
  }

  private static Errors error(Future<?> future) {
    Object result = future.result();
    return Errors.forCode(result instanceof JoinGroupResponseData join ? join.errorCode()
        : ((SyncGroupResponseData) result).errorCode());
  }

  private static JoinGroupRequestData join(String memberId, String instanceId) {
    return new JoinGroupRequestData().setGroupId("g").setMemberId(memberId)
        .setGroupInstanceId(instanceId).setProtocolType("consumer")
        .setSessionTimeoutMs(SESSION).setRebalanceTimeoutMs(REBALANCE)
        .setProtocols(new JoinGroupRequestData.JoinGroupRequestProtocolCollection(List.of(
            new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range")
                .setMetadata(new byte[] {9}),
            new JoinGroupRequestData.JoinGroupRequestProtocol().setName("cooperative-sticky")
                .setMetadata(new byte[] {8})).iterator()));
  }

  private static SyncGroupRequestData sync(String memberId, int generation, byte[] first,
      Object... more) {
    SyncGroupRequestData request = new SyncGroupRequestData().setGroupId("g")
        .setMemberId(memberId).setGenerationId(generation);
    if (first != null) {
      request.assignments().add(new SyncGroupRequestData.SyncGroupRequestAssignment()
          .setMemberId(memberId).setAssignment(first));
      for (int i = 0; i < more.length; i += 2) {
        request.assignments().add(new SyncGroupRequestData.SyncGroupRequestAssignment()
            .setMemberId((String) more[i]).setAssignment((byte[]) more[i + 1]));
      }
    }
    return request;
  }
}
