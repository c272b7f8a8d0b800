package io.tideway.broker.internal.txn;

import io.tideway.broker.txn.TransactionDescription;
import io.tideway.metadata.store.PartitionName;
import io.tideway.metadata.store.TransactionRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * One transactional id's coordinator state at one moment, the fields of Kafka's
 * {@code TransactionMetadata}: producer id and epoch, state, timeout, start and last-update times,
 * the partitions of the transaction, and the bookkeeping of the epoch rules (the producer id before
 * the last change, the producer id a completing transaction-version-2 transaction moves to when its
 * epoch is exhausted, the epoch before the last bump, the client's transaction version). The
 * coordinator persists each new snapshot (as a {@link TransactionRecord}) before acting on it.
 *
 * <p>Immutable and thread-safe. Invariants: an idle state has no partitions, no start time (-1)
 * and no next producer id; an {@code ONGOING} or in-doubt state has a start time; only an in-doubt
 * state has a next producer id; the epoch is not negative.
 *
 * @param transactionalId the transactional id
 * @param producerId the owning producer id
 * @param epoch the current producer epoch
 * @param state the state
 * @param timeoutMs the transaction timeout
 * @param startTimestamp when the transaction started, -1 when idle
 * @param lastUpdateTimestamp when the state last changed
 * @param partitions the partitions in the transaction, ordered by topic then partition
 * @param previousProducerId the producer id before the last change, -1 when unknown
 * @param nextProducerId the producer id taken when the transaction completes, -1 for none
 * @param lastEpoch the epoch before the last bump, -1 when none is remembered
 * @param clientTransactionVersion the transaction version of the client's last request (0
 *     unknown, 1, or 2 for KIP-890's per-transaction epoch bump)
 */
public record TransactionSnapshot(String transactionalId, long producerId, short epoch,
    TransactionState state, int timeoutMs, long startTimestamp, long lastUpdateTimestamp,
    Set<TopicPartition> partitions, long previousProducerId, long nextProducerId, short lastEpoch,
    short clientTransactionVersion) {

  private static final Comparator<TopicPartition> ORDER = Comparator
      .comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

  /** Validates the invariants and copies the partitions into a sorted immutable set. */
  public TransactionSnapshot {
    Objects.requireNonNull(transactionalId, "transactionalId");
    Objects.requireNonNull(state, "state");
    TreeSet<TopicPartition> sorted = new TreeSet<>(ORDER);
    sorted.addAll(partitions);
    partitions = Collections.unmodifiableSet(sorted);
    if (state.idle() && (!partitions.isEmpty() || startTimestamp != -1 || nextProducerId != -1)) {
      throw new IllegalArgumentException("Transaction " + transactionalId + " in state " + state
          + " must have no partitions, no start time and no next producer id");
    }
    if (!state.idle() && startTimestamp == -1) {
      throw new IllegalArgumentException("Transaction " + transactionalId + " in state " + state
          + " must have a start time");
    }
    if (state == TransactionState.ONGOING && nextProducerId != -1) {
      throw new IllegalArgumentException("Ongoing transaction " + transactionalId
          + " must have no next producer id");
    }
    if (epoch < 0) {
      throw new IllegalArgumentException("Transaction " + transactionalId
          + " has a negative epoch " + epoch);
    }
  }

  /**
   * The snapshot a stored record holds.
   *
   * @param record a stored record
   * @return the snapshot
   */
  public static TransactionSnapshot fromRecord(TransactionRecord record) {
    Set<TopicPartition> partitions = new TreeSet<>(ORDER);
    record.partitions().forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
    // A v1 record does not know the previous producer id; the current one is the best guess.
    long previous = record.previousProducerId() == -1 ? record.producerId()
        : record.previousProducerId();
    return new TransactionSnapshot(record.transactionalId(), record.producerId(), record.epoch(),
        TransactionState.parse(record.state()), record.timeoutMs(), record.startTimestamp(),
        record.lastUpdateTimestamp(), partitions, previous, record.nextProducerId(),
        record.lastEpoch(), record.clientTransactionVersion());
  }

  /** The record to store. */
  public TransactionRecord toRecord() {
    ArrayList<PartitionName> names = new ArrayList<>(partitions.size());
    partitions.forEach(p -> names.add(new PartitionName(p.topic(), p.partition())));
    return new TransactionRecord(transactionalId, producerId, epoch, state.name(), timeoutMs,
        startTimestamp, lastUpdateTimestamp, names, previousProducerId, nextProducerId, lastEpoch,
        clientTransactionVersion);
  }

  /** The state as DescribeTransactions and ListTransactions report it. */
  public TransactionDescription describe() {
    return new TransactionDescription(transactionalId, producerId, epoch, state.kafkaName(),
        timeoutMs, startTimestamp, lastUpdateTimestamp, partitions);
  }

  /** A builder of the next snapshot, starting from this one's fields. */
  Change change() {
    return new Change(this);
  }

  /**
   * The fields of a snapshot being derived from another: the state machine's transitions set what
   * changes and {@link #build} validates the result. Not thread-safe; used by one call.
   */
  static final class Change {
    private final String transactionalId;
    private long producerId;
    private short epoch;
    private TransactionState state;
    private int timeoutMs;
    private long startTimestamp;
    private long lastUpdateTimestamp;
    private Set<TopicPartition> partitions;
    private long previousProducerId;
    private long nextProducerId;
    private short lastEpoch;
    private short clientTransactionVersion;

    private Change(TransactionSnapshot from) {
      transactionalId = from.transactionalId;
      producerId = from.producerId;
      epoch = from.epoch;
      state = from.state;
      timeoutMs = from.timeoutMs;
      startTimestamp = from.startTimestamp;
      lastUpdateTimestamp = from.lastUpdateTimestamp;
      partitions = from.partitions;
      // As in Kafka, every transition remembers the producer id it started from.
      previousProducerId = from.producerId;
      nextProducerId = from.nextProducerId;
      lastEpoch = from.lastEpoch;
      clientTransactionVersion = from.clientTransactionVersion;
    }

    Change producerId(long value) {
      producerId = value;
      return this;
    }

    Change epoch(short value) {
      epoch = value;
      return this;
    }

    Change state(TransactionState value) {
      state = value;
      return this;
    }

    Change timeoutMs(int value) {
      timeoutMs = value;
      return this;
    }

    Change startTimestamp(long value) {
      startTimestamp = value;
      return this;
    }

    Change partitions(Set<TopicPartition> value) {
      partitions = value;
      return this;
    }

    Change nextProducerId(long value) {
      nextProducerId = value;
      return this;
    }

    Change lastEpoch(short value) {
      lastEpoch = value;
      return this;
    }

    Change clientTransactionVersion(short value) {
      clientTransactionVersion = value;
      return this;
    }

    /** An idle state: no partitions, no start time, no next producer id. */
    Change idle(TransactionState value) {
      state = value;
      partitions = Set.of();
      startTimestamp = -1;
      nextProducerId = -1;
      return this;
    }

    TransactionSnapshot build(long now) {
      lastUpdateTimestamp = now;
      return new TransactionSnapshot(transactionalId, producerId, epoch, state, timeoutMs,
          startTimestamp, lastUpdateTimestamp, partitions, previousProducerId, nextProducerId,
          lastEpoch, clientTransactionVersion);
    }
  }
}
