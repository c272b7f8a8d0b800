package io.tideway.broker.internal.producer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * The state of one producer id in one partition (Kafka's {@code ProducerStateEntry}): its current
 * epoch, its last {@value #BATCHES_TO_RETAIN} batches (oldest first), when it was last active,
 * which drives expiry ({@code producer.id.expiration.ms}: the broker's clock at the last append,
 * or the last batch's timestamp when the state was rebuilt from the log), the coordinator epoch
 * of its last transaction marker and the first offset of its ongoing transaction.
 *
 * <p>Thread contract: an immutable value, thread-safe; {@link #withBatch} and {@link #withMarker}
 * return new entries. Invariants: at most {@value #BATCHES_TO_RETAIN} batches, all of the current
 * epoch, in offset order; {@code currentTxnFirstOffset} is -1 or at most the offset of the first
 * batch appended after it.
 *
 * @param producerId the producer id
 * @param epoch the producer epoch the batches belong to
 * @param batches the retained batches, oldest first
 * @param lastTimestamp when the producer was last active (epoch milliseconds), or -1
 * @param coordinatorEpoch the coordinator epoch of its last COMMIT/ABORT marker, or -1
 * @param currentTxnFirstOffset the first offset of its ongoing transaction, or -1 when none
 */
public record ProducerEntry(long producerId, short epoch, List<BatchMetadata> batches,
    long lastTimestamp, int coordinatorEpoch, long currentTxnFirstOffset) {

  /** Kafka's {@code NUM_BATCHES_TO_RETAIN}: clients keep at most five batches in flight. */
  public static final int BATCHES_TO_RETAIN = 5;

  /** No ongoing transaction, no marker seen. */
  public static final long NO_TXN = -1;

  /** The coordinator epoch of a producer that has not seen a marker. */
  public static final int NO_COORDINATOR_EPOCH = -1;

  public ProducerEntry {
    batches = List.copyOf(batches);
    if (batches.size() > BATCHES_TO_RETAIN) {
      throw new IllegalArgumentException("Producer " + producerId + " has " + batches.size()
          + " batches; at most " + BATCHES_TO_RETAIN + " are retained");
    }
  }

  /** An idempotent producer's entry, outside any transaction (snapshot format v1). */
  public ProducerEntry(long producerId, short epoch, List<BatchMetadata> batches,
      long lastTimestamp) {
    this(producerId, epoch, batches, lastTimestamp, NO_COORDINATOR_EPOCH, NO_TXN);
  }

  /** Whether the producer has an ongoing transaction in this partition. */
  public boolean hasOngoingTxn() {
    return currentTxnFirstOffset >= 0;
  }

  /** The sequence of the last retained batch's last record, or -1 when none is retained. */
  public int lastSeq() {
    return batches.isEmpty() ? RecordBatch.NO_SEQUENCE : batches.get(batches.size() - 1).lastSeq();
  }

  /** The last offset written by this producer, or -1 when no batch is retained. */
  public long lastOffset() {
    return batches.isEmpty() ? -1 : batches.get(batches.size() - 1).lastOffset();
  }

  /** The retained batch of {@code epoch} with exactly this sequence range: a retried batch. */
  public Optional<BatchMetadata> findDuplicate(short batchEpoch, int firstSeq, int lastSeq) {
    if (batchEpoch != epoch) {
      return Optional.empty();
    }
    for (BatchMetadata batch : batches) {
      if (batch.firstSeq() == firstSeq && batch.lastSeq() == lastSeq) {
        return Optional.of(batch);
      }
    }
    return Optional.empty();
  }

  /**
   * This entry after appending {@code batch} written with {@code batchEpoch} at {@code activeAt}:
   * a different epoch starts a fresh history; the oldest batch goes once more than five are held;
   * a transactional batch opens a transaction at its first offset unless one is ongoing.
   */
  public ProducerEntry withBatch(short batchEpoch, BatchMetadata batch, long activeAt,
      boolean transactional) {
    List<BatchMetadata> next = new ArrayList<>(BATCHES_TO_RETAIN);
    if (batchEpoch == epoch) {
      next.addAll(batches);
    }
    if (next.size() == BATCHES_TO_RETAIN) {
      next.remove(0);
    }
    next.add(batch);
    long txnFirstOffset = transactional && !hasOngoingTxn() ? batch.firstOffset()
        : currentTxnFirstOffset;
    return new ProducerEntry(producerId, batchEpoch, next, activeAt, coordinatorEpoch,
        txnFirstOffset);
  }

  /**
   * This entry after a COMMIT or ABORT marker: the transaction ends, the epoch becomes the
   * marker's (KIP-890 bumps it at every transaction end; a new epoch drops the retained batches,
   * so the next transaction starts at sequence 0), and the coordinator epoch is recorded.
   */
  public ProducerEntry withMarker(short markerEpoch, int markerCoordinatorEpoch, long activeAt) {
    List<BatchMetadata> kept = markerEpoch == epoch ? batches : List.of();
    return new ProducerEntry(producerId, markerEpoch, kept, activeAt, markerCoordinatorEpoch,
        NO_TXN);
  }

  /** A producer seen for the first time (no epoch yet). */
  static ProducerEntry empty(long producerId) {
    return new ProducerEntry(producerId, RecordBatch.NO_PRODUCER_EPOCH, List.of(),
        RecordBatch.NO_TIMESTAMP);
  }
}
