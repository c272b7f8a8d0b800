package io.tideway.broker.internal.txn;

/**
 * The states of one transactional id at the coordinator, as in Kafka's {@code TransactionState}.
 * {@code PREPARE_COMMIT} and {@code PREPARE_ABORT} are the in-doubt states: the decision is durable
 * but the markers may not all be written, so the coordinator (and recovery after a restart)
 * completes them. Kafka's two other states are never stored here: {@code PrepareEpochFence} is a
 * pending state inside Kafka's coordinator (here the fence goes straight to {@code PREPARE_ABORT}
 * under the bumped epoch) and {@code Dead} marks an expiring id (here expiry deletes the record in
 * one metadata transaction).
 *
 * <p>Immutable and thread-safe.
 */
public enum TransactionState {
  /** Producer id assigned, no transaction in progress. */
  EMPTY("Empty"),
  /** Partitions have been added; records may be written. */
  ONGOING("Ongoing"),
  /** Commit decided; commit markers are being written. */
  PREPARE_COMMIT("PrepareCommit"),
  /** Abort decided; abort markers are being written. */
  PREPARE_ABORT("PrepareAbort"),
  /** Every commit marker is written. */
  COMPLETE_COMMIT("CompleteCommit"),
  /** Every abort marker is written. */
  COMPLETE_ABORT("CompleteAbort");

  private final String kafkaName;

  TransactionState(String kafkaName) {
    this.kafkaName = kafkaName;
  }

  /** The name DescribeTransactions and ListTransactions report, e.g. {@code PrepareCommit}. */
  public String kafkaName() {
    return kafkaName;
  }

  /** Whether the decision is taken but its markers may be missing. */
  public boolean inDoubt() {
    return this == PREPARE_COMMIT || this == PREPARE_ABORT;
  }

  /** Whether no transaction is in progress, so a new one may start. */
  public boolean idle() {
    return this == EMPTY || this == COMPLETE_COMMIT || this == COMPLETE_ABORT;
  }

  /**
   * The stored name parsed.
   *
   * @param name a stored state name
   * @return the state
   * @throws IllegalArgumentException naming the unknown state
   */
  public static TransactionState parse(String name) {
    for (TransactionState state : values()) {
      if (state.name().equals(name)) {
        return state;
      }
    }
    throw new IllegalArgumentException("Unknown transaction state '" + name + "'");
  }
}
