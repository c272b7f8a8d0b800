package io.tideway.broker.internal.group;

import io.tideway.broker.GroupRequestContext;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The KIP-848 consumer group protocol (ConsumerGroupHeartbeat) over the groups of one owner
 * context, following Kafka's {@code GroupMetadataManager}: joining (epoch 0), leaving (epoch -1),
 * a static member's temporary leave (epoch -2) and its replacement under a new member id,
 * member-epoch fencing (FENCED_MEMBER_EPOCH, accepting the previous epoch when the member only
 * lost a response), a group epoch bumped by membership, subscription and subscribed-metadata
 * changes (new topics and partitions are noticed at the next heartbeat of any member), a target
 * assignment computed by the chosen server-side assignor, and per-member reconciliation, revoke
 * before assign ({@link MemberReconciler}). A member is removed when its session times out, or
 * when it does not revoke within its rebalance timeout.
 *
 * <p>Thread contract: not thread-safe; every method and every timer task runs on the owning
 * context ({@link GroupScheduler}).
 */
final class ConsumerGroupProtocol {

  private static final Logger log = LoggerFactory.getLogger(ConsumerGroupProtocol.class);

  private final ConsumerGroups groups;
  private final ClassicGroups classic;
  private final GroupTopics topics;
  private final GroupScheduler scheduler;
  private final ConsumerGroupSettings settings;
  private final TargetAssignments targets;
  private final ConsumerMemberTimers timers;

  ConsumerGroupProtocol(ConsumerGroups groups, ClassicGroups classic, GroupTopics topics,
      GroupScheduler scheduler, ConsumerGroupSettings settings) {
    this.groups = groups;
    this.classic = classic;
    this.topics = topics;
    this.scheduler = scheduler;
    this.settings = settings;
    this.targets = new TargetAssignments(settings.assignorInstances());
    this.timers = new ConsumerMemberTimers(scheduler, settings, this::removeAndRebalance);
  }

  /** Handles one heartbeat; errors are in the response. */
  ConsumerGroupHeartbeatResponseData heartbeat(GroupRequestContext context,
      ConsumerGroupHeartbeatRequestData request) {
    String invalid = ConsumerHeartbeatValidator.invalidReason(request, context.apiVersion());
    if (invalid != null) {
      return error(Errors.INVALID_REQUEST, invalid);
    }
    if (request.serverAssignor() != null && !targets.supports(request.serverAssignor())) {
      return error(Errors.UNSUPPORTED_ASSIGNOR, "ServerAssignor " + request.serverAssignor()
          + " is not supported. Supported assignors: " + settings.assignors() + ".");
    }
    Pattern regex = null;
    if (request.subscribedTopicRegex() != null && !request.subscribedTopicRegex().isEmpty()) {
      try {
        regex = Pattern.compile(request.subscribedTopicRegex());
      } catch (PatternSyntaxException e) {
        return error(Errors.INVALID_REGULAR_EXPRESSION, "SubscribedTopicRegex "
            + request.subscribedTopicRegex() + " is not a valid regular expression: "
            + e.getDescription() + ".");
      }
    }
    String groupId = request.groupId();
    ClassicGroup classicGroup = classic.get(groupId);
    if (classicGroup != null && !classicGroup.is(ClassicGroupState.DEAD)) {
      if (!classicGroup.isEmpty() || !classicGroup.pendingMembers.isEmpty()) {
        return error(Errors.GROUP_ID_NOT_FOUND, "Group " + groupId + " is not a consumer group.");
      }
      if (request.memberEpoch() == 0) {
        // An empty classic group (e.g. one with only committed offsets) becomes a consumer
        // group, keeping its offsets, as in Kafka.
        classic.convert(classicGroup);
      }
    }
    return switch (request.memberEpoch()) {
      case ConsumerMember.LEAVE_EPOCH, ConsumerMember.LEAVE_STATIC_EPOCH -> leave(request);
      default -> joinOrHeartbeat(context, request, regex);
    };
  }

  private ConsumerGroupHeartbeatResponseData joinOrHeartbeat(GroupRequestContext context,
      ConsumerGroupHeartbeatRequestData request, Pattern regex) {
    boolean joining = request.memberEpoch() == 0;
    ConsumerGroup group = joining ? groups.getOrCreate(request.groupId())
        : groups.get(request.groupId());
    if (group == null) {
      // Kafka answers GROUP_ID_NOT_FOUND, which clients treat as fatal; here the group can only
      // be missing because membership is not kept across restarts, so the member is told to
      // rejoin, exactly as a fenced member is.
      return error(Errors.UNKNOWN_MEMBER_ID, "Member " + request.memberId()
          + " is not a member of group " + request.groupId()
          + " (membership is not kept across broker restarts): rejoin with epoch 0.");
    }
    String memberId = request.memberId() == null || request.memberId().isEmpty()
        ? Uuid.randomUuid().toString() : request.memberId();
    ConsumerMember member = group.members.get(memberId);
    boolean changed = false;
    if (joining) {
      if (request.instanceId() != null) {
        ConsumerMember existing = group.staticMember(request.instanceId());
        if (existing != null && !existing.memberId.equals(memberId)) {
          if (existing.memberEpoch != ConsumerMember.LEAVE_STATIC_EPOCH) {
            return error(Errors.UNRELEASED_INSTANCE_ID, "Static member " + existing.memberId
                + " with instance id " + request.instanceId() + " is not released yet.");
          }
          member = replaceStatic(group, existing, memberId);
        }
      }
      if (member == null) {
        if (group.members.size() >= settings.maxSize()) {
          removeIfUnused(group);
          return error(Errors.GROUP_MAX_SIZE_REACHED, "The consumer group has reached its"
              + " maximum capacity of " + settings.maxSize() + " members.");
        }
        member = new ConsumerMember(memberId);
        member.instanceId = request.instanceId();
        group.add(member);
        changed = true;
        log.atInfo().setMessage("Member joined consumer group").addKeyValue("groupId",
            group.groupId).addKeyValue("memberId", memberId)
            .addKeyValue("instanceId", request.instanceId()).log();
      }
    } else {
      if (member == null) {
        return error(Errors.UNKNOWN_MEMBER_ID, "Member " + memberId + " is not a member of group "
            + group.groupId + ".");
      }
      Errors fenced = checkEpoch(member, request);
      if (fenced != Errors.NONE) {
        return error(fenced, "The member epoch " + request.memberEpoch()
            + " does not match the expected epoch " + member.memberEpoch + ".");
      }
    }
    changed |= updateMember(context, member, request, regex);
    Map<Uuid, Set<Integer>> before = member.assigned;
    int epochBefore = member.memberEpoch;
    if (changed) {
      group.groupEpoch++;
    }
    refreshTarget(group);
    MemberReconciler.reconcile(group, member, request.topicPartitions());
    timers.reconciled(group, member);
    var response = new ConsumerGroupHeartbeatResponseData().setErrorCode(Errors.NONE.code())
        .setMemberId(member.memberId).setMemberEpoch(member.memberEpoch)
        .setHeartbeatIntervalMs(settings.heartbeatIntervalMs());
    boolean fullRequest = request.rebalanceTimeoutMs() != -1
        && (request.subscribedTopicNames() != null || request.subscribedTopicRegex() != null)
        && request.topicPartitions() != null;
    if (joining || fullRequest || !before.equals(member.assigned)
        || epochBefore != member.memberEpoch) {
      response.setAssignment(assignment(member.assigned));
    }
    return response;
  }

  /** Kafka's epoch check; the previous epoch is fine when the member only lost a response. */
  private static Errors checkEpoch(ConsumerMember member,
      ConsumerGroupHeartbeatRequestData request) {
    int received = request.memberEpoch();
    if (received == member.memberEpoch) {
      return Errors.NONE;
    }
    if (received < member.memberEpoch && received == member.previousMemberEpoch
        && request.topicPartitions() != null && ownsOnly(member, request.topicPartitions())) {
      return Errors.NONE;
    }
    return Errors.FENCED_MEMBER_EPOCH;
  }

  private static boolean ownsOnly(ConsumerMember member,
      List<ConsumerGroupHeartbeatRequestData.TopicPartitions> owned) {
    return owned.stream().allMatch(topic -> member.assigned.getOrDefault(topic.topicId(),
        Set.of()).containsAll(topic.partitions()));
  }

  /** Applies the request's fields; returns whether the subscription changed. */
  private static boolean updateMember(GroupRequestContext context, ConsumerMember member,
      ConsumerGroupHeartbeatRequestData request, Pattern regex) {
    member.clientId = context.clientId();
    member.clientHost = context.clientHost();
    if (request.rebalanceTimeoutMs() > 0) {
      member.rebalanceTimeoutMs = request.rebalanceTimeoutMs();
    }
    if (request.rackId() != null) {
      member.rackId = request.rackId();
    }
    if (request.serverAssignor() != null) {
      member.serverAssignor = request.serverAssignor();
    }
    boolean changed = false;
    if (request.subscribedTopicNames() != null) {
      List<String> names = request.subscribedTopicNames().stream().distinct().sorted().toList();
      changed = !names.equals(member.subscribedTopicNames);
      member.subscribedTopicNames = names;
    }
    if (request.subscribedTopicRegex() != null) {
      String text = request.subscribedTopicRegex().isEmpty() ? null
          : request.subscribedTopicRegex();
      changed |= !Objects.equals(text, member.subscribedTopicRegex);
      member.subscribedTopicRegex = text;
      member.compiledRegex = regex;
    }
    return changed;
  }

  /** Bumps the group epoch if the subscribed topics changed, then recomputes the target. */
  private void refreshTarget(ConsumerGroup group) {
    Map<String, ConsumerGroup.TopicImage> image = SubscribedTopics.of(group, topics);
    if (!image.equals(group.subscribedTopics)) {
      if (group.assignmentEpoch == group.groupEpoch && group.groupEpoch > 0) {
        group.groupEpoch++;
      }
      group.subscribedTopics = image;
    }
    if (group.groupEpoch > group.assignmentEpoch) {
      targets.update(group);
    }
  }

  private ConsumerMember replaceStatic(ConsumerGroup group, ConsumerMember old, String memberId) {
    ConsumerMember member = new ConsumerMember(memberId);
    member.instanceId = old.instanceId;
    member.rackId = old.rackId;
    member.rebalanceTimeoutMs = old.rebalanceTimeoutMs;
    member.subscribedTopicNames = old.subscribedTopicNames;
    member.subscribedTopicRegex = old.subscribedTopicRegex;
    member.compiledRegex = old.compiledRegex;
    member.serverAssignor = old.serverAssignor;
    member.memberEpoch = old.memberEpoch;
    member.previousMemberEpoch = old.previousMemberEpoch;
    member.state = old.state;
    Map<Uuid, Set<Integer>> assigned = old.assigned;
    Map<Uuid, Set<Integer>> revoking = old.pendingRevocation;
    group.remove(old, scheduler.nowMs());
    group.add(member);
    group.updateAssignment(member, assigned, revoking);
    Map<String, Map<Uuid, Set<Integer>>> target = new java.util.HashMap<>(
        group.targetAssignment);
    Map<Uuid, Set<Integer>> inherited = target.remove(old.memberId);
    if (inherited != null) {
      target.put(memberId, inherited);
    }
    group.targetAssignment = Map.copyOf(target);
    log.atInfo().setMessage("Static member rejoined under a new member id")
        .addKeyValue("groupId", group.groupId).addKeyValue("instanceId", member.instanceId)
        .addKeyValue("oldMemberId", old.memberId).addKeyValue("memberId", memberId).log();
    return member;
  }

  private ConsumerGroupHeartbeatResponseData leave(ConsumerGroupHeartbeatRequestData request) {
    ConsumerGroup group = groups.get(request.groupId());
    if (group == null) {
      return error(Errors.GROUP_ID_NOT_FOUND, "Group " + request.groupId() + " not found.");
    }
    ConsumerMember member = group.members.get(request.memberId());
    if (member == null && request.instanceId() != null) {
      ConsumerMember holder = group.staticMember(request.instanceId());
      if (holder != null) {
        return error(Errors.FENCED_INSTANCE_ID, "Instance id " + request.instanceId()
            + " is held by member " + holder.memberId + ".");
      }
    }
    if (member == null) {
      return error(Errors.UNKNOWN_MEMBER_ID, "Member " + request.memberId()
          + " is not a member of group " + group.groupId + ".");
    }
    int epoch = request.memberEpoch();
    if (epoch == ConsumerMember.LEAVE_STATIC_EPOCH) {
      // The static member will come back: it keeps its assignment until its session expires.
      if (member.memberEpoch != ConsumerMember.LEAVE_STATIC_EPOCH) {
        member.previousMemberEpoch = member.memberEpoch;
        member.memberEpoch = ConsumerMember.LEAVE_STATIC_EPOCH;
      }
      member.cancelRevocationTimer();
      timers.restartSession(group, member);
      log.atInfo().setMessage("Static member left temporarily").addKeyValue("groupId",
          group.groupId).addKeyValue("memberId", member.memberId).log();
    } else {
      log.atInfo().setMessage("Member left consumer group").addKeyValue("groupId",
          group.groupId).addKeyValue("memberId", member.memberId).log();
      removeAndRebalance(group, member);
    }
    return new ConsumerGroupHeartbeatResponseData().setErrorCode(Errors.NONE.code())
        .setMemberId(member.memberId).setMemberEpoch(epoch).setHeartbeatIntervalMs(0);
  }

  /** Removes a member (leave or fencing) and computes the next target assignment. */
  void removeAndRebalance(ConsumerGroup group, ConsumerMember member) {
    group.remove(member, scheduler.nowMs());
    group.groupEpoch++;
    refreshTarget(group);
  }

  private void removeIfUnused(ConsumerGroup group) {
    if (group.isEmpty() && group.groupEpoch == 0 && !classic.hasOffsets(group.groupId)) {
      groups.remove(group);
    }
  }

  private static ConsumerGroupHeartbeatResponseData.Assignment assignment(
      Map<Uuid, Set<Integer>> assigned) {
    var result = new ConsumerGroupHeartbeatResponseData.Assignment();
    assigned.forEach((topic, partitions) -> result.topicPartitions().add(
        new ConsumerGroupHeartbeatResponseData.TopicPartitions().setTopicId(topic)
            .setPartitions(partitions.stream().sorted().toList())));
    return result;
  }

  private static ConsumerGroupHeartbeatResponseData error(Errors error, String message) {
    return new ConsumerGroupHeartbeatResponseData().setErrorCode(error.code())
        .setErrorMessage(message);
  }
}
