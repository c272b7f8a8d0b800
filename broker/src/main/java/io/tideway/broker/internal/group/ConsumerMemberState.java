package io.tideway.broker.internal.group;

/**
 * Where a consumer group member is in its reconciliation towards the target assignment (Kafka's
 * {@code MemberState}).
 *
 * <p>Thread contract: immutable.
 */
enum ConsumerMemberState {
  /** The member has its target assignment at the target epoch. */
  STABLE,
  /** The member must first revoke partitions (its epoch stays behind until it does). */
  UNREVOKED_PARTITIONS,
  /** The member is at the target epoch but waits for partitions other members still own. */
  UNRELEASED_PARTITIONS
}
