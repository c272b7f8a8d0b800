package io.tideway.broker.internal.group;

/**
 * The states of a KIP-848 consumer group, with the names Kafka reports (ListGroups,
 * ConsumerGroupDescribe). The state is derived from the group's epochs and members, never stored.
 *
 * <p>Thread contract: immutable.
 */
enum ConsumerGroupState {
  /** No members. */
  EMPTY("Empty"),
  /** The group epoch moved past the target assignment epoch (a new target is being computed). */
  ASSIGNING("Assigning"),
  /** Some member has not reached the target assignment yet. */
  RECONCILING("Reconciling"),
  /** Every member has the target assignment. */
  STABLE("Stable"),
  /** Deleted. */
  DEAD("Dead");

  private final String kafkaName;

  ConsumerGroupState(String kafkaName) {
    this.kafkaName = kafkaName;
  }

  String kafkaName() {
    return kafkaName;
  }
}
