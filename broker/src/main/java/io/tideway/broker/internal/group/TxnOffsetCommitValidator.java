package io.tideway.broker.internal.group;

import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.protocol.Errors;

/**
 * Whether a group accepts a TxnOffsetCommit, by Kafka's rules
 * ({@code OffsetMetadataManager.validateTransactionalOffsetCommit} and the groups'
 * {@code validateOffsetCommit} with {@code isTransactional}, KIP-447). The member fields exist from
 * v3; older versions carry their defaults (generation -1, no member id, no instance id), which skip
 * the member check. Unlike OffsetCommit, a non-empty group accepts a commit without member fields,
 * and a classic group completing a rebalance is not refused. Before v6 an unknown group with a
 * generation and a consumer group member's stale epoch both answer ILLEGAL_GENERATION (the errors
 * older clients know); from v6 (KIP-1319) they answer GROUP_ID_NOT_FOUND and STALE_MEMBER_EPOCH,
 * as OffsetCommit does from v9.
 *
 * <p>Thread contract: stateless; called on the group's owning context.
 */
final class TxnOffsetCommitValidator {

  private TxnOffsetCommitValidator() {
  }

  /**
   * @param classic the classic group of that id, or null
   * @param consumer the consumer group of that id, or null (an id names one or the other)
   * @param apiVersion the request's version
   * @return the request-level error, {@link Errors#NONE} when the commit may proceed
   */
  static Errors validate(ClassicGroup classic, ConsumerGroup consumer,
      TxnOffsetCommitRequestData request, short apiVersion) {
    if (request.producerId() < 0) {
      return Errors.INVALID_PRODUCER_ID_MAPPING;
    }
    if (request.producerEpoch() < 0) {
      return Errors.INVALID_PRODUCER_EPOCH;
    }
    String memberId = request.memberId() == null ? "" : request.memberId();
    int generation = request.generationIdOrMemberEpoch();
    String instanceId = request.groupInstanceId();
    boolean anonymous = generation < 0 && memberId.isEmpty() && instanceId == null;
    if (consumer != null) {
      return validateConsumer(consumer, memberId, generation, anonymous, apiVersion);
    }
    if (classic == null) {
      if (generation < 0) {
        return Errors.NONE; // Kafka creates a "simple" group for commits without a generation
      }
      return apiVersion >= 6 ? Errors.GROUP_ID_NOT_FOUND : Errors.ILLEGAL_GENERATION;
    }
    if (classic.is(ClassicGroupState.DEAD)) {
      return Errors.COORDINATOR_NOT_AVAILABLE;
    }
    if ((generation < 0 && classic.is(ClassicGroupState.EMPTY)) || anonymous) {
      return Errors.NONE;
    }
    Errors member = ClassicGroupProtocol.validateMember(classic, memberId, instanceId);
    if (member != Errors.NONE) {
      return member;
    }
    return generation == classic.generationId ? Errors.NONE : Errors.ILLEGAL_GENERATION;
  }

  private static Errors validateConsumer(ConsumerGroup group, String memberId, int epoch,
      boolean anonymous, short apiVersion) {
    if (group.dead) {
      return Errors.COORDINATOR_NOT_AVAILABLE;
    }
    if ((epoch < 0 && group.isEmpty()) || anonymous) {
      return Errors.NONE;
    }
    ConsumerMember member = group.members.get(memberId);
    if (member == null) {
      return Errors.UNKNOWN_MEMBER_ID;
    }
    if (epoch > member.memberEpoch) {
      return Errors.FENCED_MEMBER_EPOCH;
    }
    if (epoch < member.memberEpoch) {
      return apiVersion >= 6 ? Errors.STALE_MEMBER_EPOCH : Errors.ILLEGAL_GENERATION;
    }
    return Errors.NONE;
  }
}
