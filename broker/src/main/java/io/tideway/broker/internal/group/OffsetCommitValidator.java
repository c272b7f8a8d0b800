package io.tideway.broker.internal.group;

import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.protocol.Errors;

/**
 * Whether a classic group accepts an OffsetCommit, by Kafka's rules
 * ({@code ClassicGroup.validateOffsetCommit} and {@code OffsetMetadataManager}): a request without
 * a generation (admin clients, consumers using {@code assign}) may commit to an empty or unknown
 * group; otherwise the member must be current (FENCED_INSTANCE_ID, UNKNOWN_MEMBER_ID), of the
 * current generation (ILLEGAL_GENERATION), and the group must not be completing a rebalance
 * (REBALANCE_IN_PROGRESS).
 *
 * <p>Thread contract: stateless; called on the group's owning context.
 */
final class OffsetCommitValidator {

  private OffsetCommitValidator() {
  }

  /**
   * @param group the group, or null if it does not exist
   * @param apiVersion the request version (an unknown group answers GROUP_ID_NOT_FOUND from v9,
   *     ILLEGAL_GENERATION before)
   */
  static Errors validate(ClassicGroup group, OffsetCommitRequestData request, short apiVersion) {
    int generation = request.generationIdOrMemberEpoch();
    String memberId = request.memberId() == null ? "" : request.memberId();
    if (group == null) {
      if (generation < 0) {
        return Errors.NONE;
      }
      return apiVersion >= 9 ? Errors.GROUP_ID_NOT_FOUND : Errors.ILLEGAL_GENERATION;
    }
    if (group.is(ClassicGroupState.DEAD)) {
      return Errors.COORDINATOR_NOT_AVAILABLE;
    }
    if (generation < 0 && group.isEmpty()) {
      return Errors.NONE;
    }
    if (generation >= 0 || !memberId.isEmpty() || request.groupInstanceId() != null) {
      Errors member = ClassicGroupProtocol.validateMember(group, memberId,
          request.groupInstanceId());
      if (member != Errors.NONE) {
        return member;
      }
      if (generation != group.generationId) {
        return Errors.ILLEGAL_GENERATION;
      }
    } else if (!group.isEmpty()) {
      return Errors.UNKNOWN_MEMBER_ID;
    }
    if (group.is(ClassicGroupState.COMPLETING_REBALANCE)) {
      return Errors.REBALANCE_IN_PROGRESS;
    }
    return Errors.NONE;
  }
}
