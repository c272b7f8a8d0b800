package io.tideway.broker.internal.group;

import org.apache.kafka.common.protocol.Errors;

/**
 * Whether a KIP-848 consumer group accepts an OffsetCommit or OffsetFetch, by Kafka's rules
 * ({@code ConsumerGroup.validateOffsetCommit}/{@code validateOffsetFetch}): member epochs replace
 * generations. A request without a member epoch (-1: admin clients, consumers using
 * {@code assign}) may commit only while the group is empty and may always fetch; otherwise the
 * member must exist (UNKNOWN_MEMBER_ID) and send its current epoch: a newer one is
 * FENCED_MEMBER_EPOCH, an older one STALE_MEMBER_EPOCH. Members of consumer groups must commit
 * with OffsetCommit v9 or later (UNSUPPORTED_VERSION).
 *
 * <p>Thread contract: stateless; called on the group's owning context.
 */
final class ConsumerOffsetRules {

  private ConsumerOffsetRules() {
  }

  static Errors validateCommit(ConsumerGroup group, String memberId, int memberEpoch,
      short apiVersion) {
    if (group.dead) {
      return Errors.COORDINATOR_NOT_AVAILABLE;
    }
    if (memberEpoch < 0 && (memberId == null || memberId.isEmpty())) {
      return group.isEmpty() ? Errors.NONE : Errors.UNKNOWN_MEMBER_ID;
    }
    ConsumerMember member = group.members.get(memberId);
    if (member == null) {
      return Errors.UNKNOWN_MEMBER_ID;
    }
    if (apiVersion < 9) {
      return Errors.UNSUPPORTED_VERSION;
    }
    return validateEpoch(memberEpoch, member.memberEpoch);
  }

  static Errors validateFetch(ConsumerGroup group, String memberId, int memberEpoch) {
    if (memberEpoch < 0) {
      return Errors.NONE;
    }
    ConsumerMember member = memberId == null ? null : group.members.get(memberId);
    if (member == null) {
      return Errors.UNKNOWN_MEMBER_ID;
    }
    return validateEpoch(memberEpoch, member.memberEpoch);
  }

  private static Errors validateEpoch(int received, int expected) {
    if (received > expected) {
      return Errors.FENCED_MEMBER_EPOCH;
    }
    return received < expected ? Errors.STALE_MEMBER_EPOCH : Errors.NONE;
  }
}
