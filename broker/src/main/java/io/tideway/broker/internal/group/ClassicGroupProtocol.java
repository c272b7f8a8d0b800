package io.tideway.broker.internal.group;

import io.tideway.broker.GroupRequestContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classic group protocol (JoinGroup, SyncGroup, Heartbeat, LeaveGroup) over the classic groups
 * of one owner context, following Kafka's {@code GroupMetadataManager}: a join phase that waits
 * for every known member up to the rebalance timeout (or, for an empty group, the initial
 * rebalance delay, extended while members keep arriving), a sync phase in which the leader's
 * assignment is handed out, session expiry, MEMBER_ID_REQUIRED (v4+), static membership (a
 * restarted static member takes over its predecessor's id without a rebalance when nothing
 * changed) and fencing with ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID and
 * REBALANCE_IN_PROGRESS.
 *
 * <p>Thread contract: not thread-safe; every method and every timer task runs on the owning
 * context ({@link GroupScheduler}). Futures returned complete on that context.
 */
final class ClassicGroupProtocol {

  private static final Logger log = LoggerFactory.getLogger(ClassicGroupProtocol.class);

  private final ClassicGroups groups;
  private final GroupScheduler scheduler;
  private final GroupSettings settings;
  private final ClassicJoinResponses responses = new ClassicJoinResponses();

  ClassicGroupProtocol(ClassicGroups groups, GroupScheduler scheduler, GroupSettings settings) {
    this.groups = groups;
    this.scheduler = scheduler;
    this.settings = settings;
  }

  // ---------------------------------------------------------------------------------- JoinGroup

  Future<JoinGroupResponseData> join(GroupRequestContext context, JoinGroupRequestData request) {
    String groupId = request.groupId();
    String memberId = request.memberId();
    if (groupId == null || groupId.isEmpty()) {
      return joinError(memberId, Errors.INVALID_GROUP_ID);
    }
    if (request.sessionTimeoutMs() < settings.minSessionTimeoutMs()
        || request.sessionTimeoutMs() > settings.maxSessionTimeoutMs()) {
      return joinError(memberId, Errors.INVALID_SESSION_TIMEOUT);
    }
    if (groups.isConsumerGroup(groupId)) {
      return joinError(memberId, Errors.INCONSISTENT_GROUP_PROTOCOL);
    }
    boolean unknownMember = JoinGroupRequest.UNKNOWN_MEMBER_ID.equals(memberId);
    ClassicGroup group = unknownMember ? groups.getOrCreate(groupId) : groups.get(groupId);
    if (group == null) {
      return joinError(memberId, Errors.UNKNOWN_MEMBER_ID);
    }
    Map<String, byte[]> protocols = new LinkedHashMap<>();
    request.protocols().forEach(protocol -> protocols.put(protocol.name(), protocol.metadata()));
    if (!group.supportsProtocols(request.protocolType(), protocols.keySet())) {
      groups.removeIfUnused(group);
      return joinError(memberId, Errors.INCONSISTENT_GROUP_PROTOCOL);
    }
    Promise<JoinGroupResponseData> promise = Promise.promise();
    if (unknownMember) {
      joinNewMember(context, request, group, protocols, promise);
    } else {
      joinExistingMember(context, request, group, protocols, promise);
    }
    return promise.future();
  }

  private void joinNewMember(GroupRequestContext context, JoinGroupRequestData request,
      ClassicGroup group, Map<String, byte[]> protocols, Promise<JoinGroupResponseData> promise) {
    if (group.is(ClassicGroupState.DEAD)) {
      promise.complete(
          ClassicJoinResponses.error(request.memberId(), Errors.COORDINATOR_NOT_AVAILABLE));
      return;
    }
    String instanceId = request.groupInstanceId();
    String existingStatic = instanceId == null ? null : group.staticMemberId(instanceId);
    if (existingStatic == null && group.members.size() >= settings.maxSize()) {
      groups.removeIfUnused(group);
      promise.complete(
          ClassicJoinResponses.error(request.memberId(), Errors.GROUP_MAX_SIZE_REACHED));
      return;
    }
    String newMemberId = (instanceId != null ? instanceId : context.clientId()) + "-"
        + UUID.randomUUID();
    if (existingStatic != null) {
      rejoinStaticMember(context, request, group, group.members.get(existingStatic), newMemberId,
          protocols, promise);
    } else if (instanceId == null
        && JoinGroupRequest.requiresKnownMemberId(context.apiVersion())) {
      // KIP-394: the member must come back with this id; until then it counts as pending.
      group.pendingMembers.put(newMemberId, scheduler.schedule(request.sessionTimeoutMs(),
          () -> expirePendingMember(group, newMemberId)));
      promise.complete(ClassicJoinResponses.error(newMemberId, Errors.MEMBER_ID_REQUIRED));
    } else {
      addMemberAndRebalance(context, request, group, newMemberId, protocols, promise);
    }
  }

  private void joinExistingMember(GroupRequestContext context, JoinGroupRequestData request,
      ClassicGroup group, Map<String, byte[]> protocols, Promise<JoinGroupResponseData> promise) {
    String memberId = request.memberId();
    if (group.is(ClassicGroupState.DEAD)) {
      promise.complete(ClassicJoinResponses.error(memberId, Errors.COORDINATOR_NOT_AVAILABLE));
      return;
    }
    GroupScheduler.Timer pending = group.pendingMembers.remove(memberId);
    if (pending != null) {
      pending.cancel();
      addMemberAndRebalance(context, request, group, memberId, protocols, promise);
      return;
    }
    Errors error = validateMember(group, memberId, request.groupInstanceId());
    if (error != Errors.NONE) {
      promise.complete(ClassicJoinResponses.error(memberId, error));
      return;
    }
    ClassicMember member = group.members.get(memberId);
    boolean unchanged = member.sameProtocols(protocols);
    switch (group.state()) {
      case PREPARING_REBALANCE -> updateMemberAndRebalance(context, request, group, member,
          protocols, promise);
      case COMPLETING_REBALANCE -> {
        if (unchanged) {
          // The member lost the join response; send it again.
          promise.complete(responses.join(group, member, false, context.apiVersion()));
        } else {
          updateMemberAndRebalance(context, request, group, member, protocols, promise);
        }
      }
      case STABLE -> {
        if (memberId.equals(group.leaderId) || !unchanged) {
          updateMemberAndRebalance(context, request, group, member, protocols, promise);
        } else {
          promise.complete(responses.join(group, member, false, context.apiVersion()));
        }
      }
      default -> promise.complete(ClassicJoinResponses.error(memberId, Errors.UNKNOWN_MEMBER_ID));
    }
  }

  private void rejoinStaticMember(GroupRequestContext context, JoinGroupRequestData request,
      ClassicGroup group, ClassicMember old, String newMemberId, Map<String, byte[]> protocols,
      Promise<JoinGroupResponseData> promise) {
    String protocolBefore = group.is(ClassicGroupState.STABLE) ? group.protocolName : null;
    boolean wasLeader = old.memberId.equals(group.leaderId);
    fence(old);
    ClassicMember member = group.replaceStatic(old, newMemberId);
    log.atInfo().setMessage("Static member rejoined under a new member id")
        .addKeyValue("groupId", group.groupId).addKeyValue("groupInstanceId", old.groupInstanceId)
        .addKeyValue("oldMemberId", old.memberId).addKeyValue("memberId", newMemberId).log();
    boolean unchanged = member.sameProtocols(protocols);
    if (protocolBefore != null && unchanged
        && (!wasLeader || JoinGroupRequest.supportsSkippingAssignment(context.apiVersion()))) {
      // Kafka: a restarted static member takes over without a rebalance; a leader is told to
      // skip the assignment it would otherwise compute.
      member.clientId = context.clientId();
      member.clientHost = context.clientHost();
      member.rebalanceTimeoutMs = request.rebalanceTimeoutMs();
      member.sessionTimeoutMs = request.sessionTimeoutMs();
      heartbeatReceived(group, member);
      promise.complete(responses.join(group, member, wasLeader, context.apiVersion()));
      return;
    }
    updateMemberAndRebalance(context, request, group, member, protocols, promise);
  }

  private void addMemberAndRebalance(GroupRequestContext context, JoinGroupRequestData request,
      ClassicGroup group, String memberId, Map<String, byte[]> protocols,
      Promise<JoinGroupResponseData> promise) {
    ClassicMember member = new ClassicMember(memberId, request.groupInstanceId(),
        context.clientId(), context.clientHost(), request.rebalanceTimeoutMs(),
        request.sessionTimeoutMs(), request.protocolType(), protocols);
    member.awaitingJoin = promise;
    member.isNew = true;
    group.add(member);
    if (group.is(ClassicGroupState.PREPARING_REBALANCE)) {
      group.newMemberAdded = true;
    }
    heartbeatReceived(group, member);
    maybePrepareRebalanceOrCompleteJoin(group, "member " + memberId + " joined");
  }

  private void updateMemberAndRebalance(GroupRequestContext context,
      JoinGroupRequestData request, ClassicGroup group, ClassicMember member,
      Map<String, byte[]> protocols, Promise<JoinGroupResponseData> promise) {
    member.clientId = context.clientId();
    member.clientHost = context.clientHost();
    member.rebalanceTimeoutMs = request.rebalanceTimeoutMs();
    member.sessionTimeoutMs = request.sessionTimeoutMs();
    member.protocols = new LinkedHashMap<>(protocols);
    if (member.awaitingJoin != null) {
      // A duplicate join from the same member: the newer request wins, as in Kafka.
      member.awaitingJoin.tryComplete(
          ClassicJoinResponses.error(member.memberId, Errors.REBALANCE_IN_PROGRESS));
    }
    member.awaitingJoin = promise;
    heartbeatReceived(group, member);
    maybePrepareRebalanceOrCompleteJoin(group, "member " + member.memberId + " rejoined");
  }

  private void maybePrepareRebalanceOrCompleteJoin(ClassicGroup group, String reason) {
    switch (group.state()) {
      case EMPTY, STABLE, COMPLETING_REBALANCE -> prepareRebalance(group, reason);
      case PREPARING_REBALANCE -> maybeCompleteJoin(group);
      default -> { }
    }
  }

  /** Starts a join phase: members must rejoin within the rebalance timeout. */
  void prepareRebalance(ClassicGroup group, String reason) {
    if (group.is(ClassicGroupState.COMPLETING_REBALANCE)) {
      // The sync phase is abandoned: followers waiting for an assignment must rejoin.
      group.members.values().forEach(member -> member.assignment = new byte[0]);
      completeSyncs(group, Errors.REBALANCE_IN_PROGRESS);
    }
    cancel(group.syncTimer);
    group.syncTimer = null;
    group.pendingSyncMembers.clear();
    boolean wasEmpty = group.is(ClassicGroupState.EMPTY);
    group.transitionTo(ClassicGroupState.PREPARING_REBALANCE, scheduler.nowMs());
    cancel(group.joinTimer);
    group.initialDelayRunning = false;
    log.atInfo().setMessage("Preparing to rebalance group").addKeyValue("groupId", group.groupId)
        .addKeyValue("generationId", group.generationId).addKeyValue("reason", reason).log();
    if (wasEmpty && settings.initialRebalanceDelayMs() > 0) {
      group.newMemberAdded = false;
      long delay = Math.min(settings.initialRebalanceDelayMs(), group.rebalanceTimeoutMs());
      long remaining = Math.max(group.rebalanceTimeoutMs() - delay, 0);
      scheduleInitialDelay(group, delay, remaining);
    } else {
      group.joinTimer = scheduler.schedule(group.rebalanceTimeoutMs(),
          () -> onJoinDeadline(group));
      // Like Kafka's DelayedJoin, which is tried at once: every member may already be waiting.
      maybeCompleteJoin(group);
    }
  }

  private void scheduleInitialDelay(ClassicGroup group, long delay, long remaining) {
    group.initialDelayRunning = true;
    group.joinTimer = scheduler.schedule(delay, () -> {
      if (group.newMemberAdded && remaining > 0) {
        group.newMemberAdded = false;
        long next = Math.min(settings.initialRebalanceDelayMs(), remaining);
        scheduleInitialDelay(group, next, Math.max(remaining - next, 0));
      } else {
        group.joinTimer = null;
        group.initialDelayRunning = false;
        completeJoin(group);
      }
    });
  }

  private void onJoinDeadline(ClassicGroup group) {
    group.joinTimer = null;
    completeJoin(group);
  }

  private void maybeCompleteJoin(ClassicGroup group) {
    // During the initial delay the join phase only ends when the delay does (Kafka's
    // InitialDelayedJoin), so that members starting together land in one generation.
    if (group.is(ClassicGroupState.PREPARING_REBALANCE) && group.allMembersJoined()
        && !group.initialDelayRunning) {
      cancel(group.joinTimer);
      group.joinTimer = null;
      completeJoin(group);
    }
  }

  /** Ends the join phase: drops members that did not rejoin and starts the next generation. */
  private void completeJoin(ClassicGroup group) {
    if (!group.is(ClassicGroupState.PREPARING_REBALANCE)) {
      return;
    }
    for (ClassicMember member : List.copyOf(group.members.values())) {
      if (member.awaitingJoin == null) {
        log.atInfo().setMessage("Removing a member that did not rejoin in time")
            .addKeyValue("groupId", group.groupId).addKeyValue("memberId", member.memberId).log();
        group.remove(member.memberId);
      }
    }
    group.pendingMembers.values().forEach(GroupScheduler.Timer::cancel);
    group.pendingMembers.clear();
    group.generationId++;
    if (group.isEmpty()) {
      group.protocolName = null;
      group.transitionTo(ClassicGroupState.EMPTY, scheduler.nowMs());
      groups.removeIfUnused(group);
      return;
    }
    group.protocolName = group.selectProtocol();
    group.transitionTo(ClassicGroupState.COMPLETING_REBALANCE, scheduler.nowMs());
    log.atInfo().setMessage("Group completed its join phase").addKeyValue("groupId", group.groupId)
        .addKeyValue("generationId", group.generationId)
        .addKeyValue("protocol", group.protocolName)
        .addKeyValue("members", group.members.size()).log();
    for (ClassicMember member : group.members.values()) {
      Promise<JoinGroupResponseData> waiting = member.awaitingJoin;
      member.awaitingJoin = null;
      member.isNew = false;
      group.pendingSyncMembers.add(member.memberId);
      heartbeatReceived(group, member);
      waiting.tryComplete(responses.join(group, member, false, Short.MAX_VALUE));
    }
    int generation = group.generationId;
    group.syncTimer = scheduler.schedule(group.rebalanceTimeoutMs(),
        () -> onSyncDeadline(group, generation));
  }

  private void onSyncDeadline(ClassicGroup group, int generation) {
    group.syncTimer = null;
    if (group.generationId != generation || group.pendingSyncMembers.isEmpty()
        || group.is(ClassicGroupState.DEAD) || group.is(ClassicGroupState.EMPTY)) {
      return;
    }
    for (String memberId : List.copyOf(group.pendingSyncMembers)) {
      log.atInfo().setMessage("Removing a member that did not sync in time")
          .addKeyValue("groupId", group.groupId).addKeyValue("memberId", memberId).log();
      removeMember(group, memberId, Errors.UNKNOWN_MEMBER_ID);
    }
    if (group.is(ClassicGroupState.COMPLETING_REBALANCE) || group.is(ClassicGroupState.STABLE)) {
      prepareRebalance(group, "members failed to sync before the rebalance timeout");
    }
  }

  // ---------------------------------------------------------------------------------- SyncGroup

  Future<SyncGroupResponseData> sync(SyncGroupRequestData request) {
    ClassicGroup group = groups.get(request.groupId());
    if (group == null) {
      return Future.succeededFuture(ClassicSyncResponses.error(Errors.UNKNOWN_MEMBER_ID));
    }
    if (group.is(ClassicGroupState.DEAD)) {
      return Future.succeededFuture(ClassicSyncResponses.error(Errors.COORDINATOR_NOT_AVAILABLE));
    }
    Errors error = validateMember(group, request.memberId(), request.groupInstanceId());
    if (error == Errors.NONE && request.generationId() != group.generationId) {
      error = Errors.ILLEGAL_GENERATION;
    }
    if (error == Errors.NONE && ((request.protocolType() != null
        && !request.protocolType().equals(group.protocolType))
        || (request.protocolName() != null
        && !request.protocolName().equals(group.protocolName)))) {
      error = Errors.INCONSISTENT_GROUP_PROTOCOL;
    }
    if (error != Errors.NONE) {
      return Future.succeededFuture(ClassicSyncResponses.error(error));
    }
    ClassicMember member = group.members.get(request.memberId());
    switch (group.state()) {
      case PREPARING_REBALANCE:
        return Future.succeededFuture(ClassicSyncResponses.error(Errors.REBALANCE_IN_PROGRESS));
      case COMPLETING_REBALANCE: {
        Promise<SyncGroupResponseData> promise = Promise.promise();
        if (member.awaitingSync != null) {
          member.awaitingSync.tryComplete(ClassicSyncResponses.error(Errors.REBALANCE_IN_PROGRESS));
        }
        member.awaitingSync = promise;
        group.pendingSyncMembers.remove(member.memberId);
        heartbeatReceived(group, member);
        if (member.memberId.equals(group.leaderId)) {
          Map<String, byte[]> assignments = new LinkedHashMap<>();
          request.assignments().forEach(a -> assignments.put(a.memberId(), a.assignment()));
          group.members.values().forEach(m ->
              m.assignment = assignments.getOrDefault(m.memberId, new byte[0]));
          group.transitionTo(ClassicGroupState.STABLE, scheduler.nowMs());
          log.atInfo().setMessage("Group is stable").addKeyValue("groupId", group.groupId)
              .addKeyValue("generationId", group.generationId).log();
          completeSyncs(group, Errors.NONE);
        }
        return promise.future();
      }
      case STABLE:
        group.pendingSyncMembers.remove(member.memberId);
        heartbeatReceived(group, member);
        return Future.succeededFuture(ClassicSyncResponses.of(group, member, Errors.NONE));
      default:
        return Future.succeededFuture(ClassicSyncResponses.error(Errors.UNKNOWN_MEMBER_ID));
    }
  }

  private void completeSyncs(ClassicGroup group, Errors error) {
    for (ClassicMember member : group.members.values()) {
      if (member.awaitingSync != null) {
        Promise<SyncGroupResponseData> waiting = member.awaitingSync;
        member.awaitingSync = null;
        waiting.tryComplete(error == Errors.NONE ? ClassicSyncResponses.of(group, member, error)
            : ClassicSyncResponses.error(error));
      }
    }
  }

  // ---------------------------------------------------------------------------------- Heartbeat

  HeartbeatResponseData heartbeat(HeartbeatRequestData request) {
    ClassicGroup group = groups.get(request.groupId());
    Errors error;
    if (group == null) {
      error = Errors.UNKNOWN_MEMBER_ID;
    } else if (group.is(ClassicGroupState.DEAD)) {
      error = Errors.COORDINATOR_NOT_AVAILABLE;
    } else {
      error = validateMember(group, request.memberId(), request.groupInstanceId());
      if (error == Errors.NONE && request.generationId() != group.generationId) {
        error = Errors.ILLEGAL_GENERATION;
      }
      if (error == Errors.NONE) {
        heartbeatReceived(group, group.members.get(request.memberId()));
        if (group.is(ClassicGroupState.PREPARING_REBALANCE)) {
          error = Errors.REBALANCE_IN_PROGRESS;
        }
      }
    }
    return new HeartbeatResponseData().setErrorCode(error.code());
  }

  // --------------------------------------------------------------------------------- LeaveGroup

  LeaveGroupResponseData leave(LeaveGroupRequestData request) {
    ClassicGroup group = groups.get(request.groupId());
    if (group == null || group.is(ClassicGroupState.DEAD)) {
      return new LeaveGroupResponseData().setErrorCode(group == null
          ? Errors.UNKNOWN_MEMBER_ID.code() : Errors.COORDINATOR_NOT_AVAILABLE.code());
    }
    List<LeaveGroupResponseData.MemberResponse> results = new ArrayList<>();
    boolean removedAny = false;
    for (LeaveGroupRequestData.MemberIdentity identity : request.members()) {
      Errors error = leaveOne(group, identity);
      removedAny |= error == Errors.NONE;
      results.add(new LeaveGroupResponseData.MemberResponse().setMemberId(identity.memberId())
          .setGroupInstanceId(identity.groupInstanceId()).setErrorCode(error.code()));
    }
    if (removedAny) {
      afterRemoval(group, "members left the group");
    }
    return new LeaveGroupResponseData().setMembers(results);
  }

  private Errors leaveOne(ClassicGroup group, LeaveGroupRequestData.MemberIdentity identity) {
    String memberId = identity.memberId();
    String instanceId = identity.groupInstanceId();
    if (instanceId != null) {
      String current = group.staticMemberId(instanceId);
      if (current == null) {
        return Errors.UNKNOWN_MEMBER_ID;
      }
      if (!JoinGroupRequest.UNKNOWN_MEMBER_ID.equals(memberId) && !memberId.equals(current)) {
        return Errors.FENCED_INSTANCE_ID;
      }
      removeMember(group, current, Errors.UNKNOWN_MEMBER_ID);
      return Errors.NONE;
    }
    GroupScheduler.Timer pending = group.pendingMembers.remove(memberId);
    if (pending != null) {
      pending.cancel();
      return Errors.NONE;
    }
    if (!group.members.containsKey(memberId)) {
      return Errors.UNKNOWN_MEMBER_ID;
    }
    removeMember(group, memberId, Errors.UNKNOWN_MEMBER_ID);
    return Errors.NONE;
  }

  // ------------------------------------------------------------------------------------ helpers

  /** Removes every member, answering their pending requests (DeleteGroups, shutdown). */
  void removeAll(ClassicGroup group, Errors error) {
    List.copyOf(group.members.keySet()).forEach(id -> removeMember(group, id, error));
    group.pendingMembers.values().forEach(GroupScheduler.Timer::cancel);
    group.pendingMembers.clear();
    cancel(group.joinTimer);
    cancel(group.syncTimer);
    group.joinTimer = null;
    group.syncTimer = null;
    group.initialDelayRunning = false;
  }

  private void removeMember(ClassicGroup group, String memberId, Errors error) {
    ClassicMember member = group.members.get(memberId);
    if (member == null) {
      return;
    }
    fence(member, error);
    group.remove(memberId);
  }

  /** After members left: a stable group rebalances; a joining one may now be complete. */
  private void afterRemoval(ClassicGroup group, String reason) {
    switch (group.state()) {
      case STABLE, COMPLETING_REBALANCE -> prepareRebalance(group, reason);
      case PREPARING_REBALANCE -> maybeCompleteJoin(group);
      default -> { }
    }
  }

  private void fence(ClassicMember member) {
    fence(member, Errors.FENCED_INSTANCE_ID);
  }

  private void fence(ClassicMember member, Errors error) {
    member.cancelSessionTimer();
    if (member.awaitingJoin != null) {
      member.awaitingJoin.tryComplete(ClassicJoinResponses.error(member.memberId, error));
      member.awaitingJoin = null;
    }
    if (member.awaitingSync != null) {
      member.awaitingSync.tryComplete(ClassicSyncResponses.error(error));
      member.awaitingSync = null;
    }
  }

  private void heartbeatReceived(ClassicGroup group, ClassicMember member) {
    member.cancelSessionTimer();
    member.sessionTimer = scheduler.schedule(member.sessionTimeoutMs,
        () -> onSessionExpired(group, member));
  }

  private void onSessionExpired(ClassicGroup group, ClassicMember member) {
    member.sessionTimer = null;
    if (group.members.get(member.memberId) != member) {
      return;
    }
    if (member.awaitingJoin != null || member.awaitingSync != null) {
      // Kafka keeps members with a pending join or sync alive; the phase has its own deadline.
      heartbeatReceived(group, member);
      return;
    }
    log.atInfo().setMessage("Member session expired").addKeyValue("groupId", group.groupId)
        .addKeyValue("memberId", member.memberId)
        .addKeyValue("sessionTimeoutMs", member.sessionTimeoutMs).log();
    removeMember(group, member.memberId, Errors.UNKNOWN_MEMBER_ID);
    afterRemoval(group, "member " + member.memberId + " session expired");
  }

  private void expirePendingMember(ClassicGroup group, String memberId) {
    if (group.pendingMembers.remove(memberId) != null) {
      maybeCompleteJoin(group);
      groups.removeIfUnused(group);
    }
  }

  /** Kafka's member validation: static identity first, then the member id. */
  static Errors validateMember(ClassicGroup group, String memberId, String instanceId) {
    if (instanceId != null) {
      String current = group.staticMemberId(instanceId);
      if (current != null && !current.equals(memberId)) {
        return Errors.FENCED_INSTANCE_ID;
      }
    }
    return group.members.containsKey(memberId) ? Errors.NONE : Errors.UNKNOWN_MEMBER_ID;
  }

  private static Future<JoinGroupResponseData> joinError(String memberId, Errors error) {
    return Future.succeededFuture(ClassicJoinResponses.error(memberId, error));
  }

  private static void cancel(GroupScheduler.Timer timer) {
    if (timer != null) {
      timer.cancel();
    }
  }
}
