package io.tideway.broker.internal.group;

/**
 * The states of a classic group, named as Kafka reports them in DescribeGroups and ListGroups.
 *
 * <p>Transitions (Kafka's): Empty → PreparingRebalance → CompletingRebalance → Stable →
 * PreparingRebalance …; any state → Empty when the last member leaves (through a join phase) and
 * → Dead when the group is deleted or its last offset expires.
 */
enum ClassicGroupState {
  EMPTY("Empty"),
  PREPARING_REBALANCE("PreparingRebalance"),
  COMPLETING_REBALANCE("CompletingRebalance"),
  STABLE("Stable"),
  DEAD("Dead");

  private final String kafkaName;

  ClassicGroupState(String kafkaName) {
    this.kafkaName = kafkaName;
  }

  /** The name on the wire. */
  String kafkaName() {
    return kafkaName;
  }
}
