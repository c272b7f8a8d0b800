package io.tideway.broker.internal.producer;

import io.tideway.broker.log.BatchHeader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.TransactionCoordinatorFencedException;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * The producer state of one partition, with Kafka's rules (its {@code ProducerAppendInfo} and
 * {@code ProducerStateManager}).
 *
 * <p>Data batches:
 * <ul>
 *   <li>a batch whose epoch and sequence range match one of the producer's last five batches is a
 *       retry: the whole append is answered with that batch's offsets and nothing is written;
 *   <li>an epoch below the producer's current one fails with
 *       {@link InvalidProducerEpochException} (transactional and idempotent alike);
 *   <li>a new (higher) epoch must start at sequence 0, else {@link OutOfOrderSequenceException};
 *   <li>within an epoch the base sequence must follow the last one (wrapping from
 *       {@code Integer.MAX_VALUE} to 0; after a marker that bumped the epoch nothing is retained,
 *       so 0 follows), else {@link OutOfOrderSequenceException};
 *   <li>an unknown producer id is accepted with any sequence and tracked from then on (KIP-360);
 *   <li>a non-transactional batch from a producer with an ongoing transaction fails with
 *       {@link InvalidTxnStateException}; a transactional batch opens the producer's transaction
 *       at its first offset unless one is ongoing;
 *   <li>batches without a producer id (-1) are not checked.
 * </ul>
 *
 * <p>COMMIT/ABORT markers ({@link #checkMarker}, {@link #completeMarker}): an epoch below the
 * producer's fails with {@link InvalidProducerEpochException}, a coordinator epoch below the last
 * marker's with {@link TransactionCoordinatorFencedException}; an accepted marker sets the
 * producer's epoch and coordinator epoch to the marker's and ends its transaction.
 *
 * <p>The ongoing transactions, and completed ones whose marker is not yet below the high
 * watermark, give the first unstable offset, which bounds the last stable offset. Producers with
 * an ongoing transaction never expire.
 *
 * <p>Thread contract: owned by the partition's context; not thread-safe. Entries are immutable,
 * so {@link #entries()} may be handed to another thread. Invariants: the state reflects exactly
 * the batches committed below the log end offset (or loaded from a snapshot and replayed); a
 * producer is in the unstable set exactly while its entry has an ongoing transaction.
 */
public final class ProducerStateManager {

  private final TopicPartition partition;
  private final long expirationMs;
  private final Map<Long, ProducerEntry> producers = new HashMap<>();
  private final UnstableTransactions unstable = new UnstableTransactions();

  /** @param expirationMs {@code producer.id.expiration.ms}: idle producers are then forgotten */
  public ProducerStateManager(TopicPartition partition, long expirationMs) {
    this.partition = partition;
    this.expirationMs = expirationMs;
  }

  /**
   * Checks the batches of an append that will start at {@code firstOffset} (the log end offset).
   * Changes nothing; {@link #commit} records the result once the log accepted the batches.
   *
   * @throws OutOfOrderSequenceException on a sequence gap or a new epoch not starting at 0
   * @throws InvalidProducerEpochException when the epoch is older than the producer's
   * @throws InvalidTxnStateException for a non-transactional batch inside a transaction
   * @throws InvalidRecordException for a control batch, or an idempotent batch without sequence
   */
  public ProducerAppend check(List<BatchHeader> batches, long firstOffset) {
    Map<Long, ProducerEntry> working = null;
    List<ProducerAppend.Update> updates = new ArrayList<>(batches.size());
    long offset = firstOffset;
    for (BatchHeader header : batches) {
      long batchFirst = offset;
      offset = batchFirst + header.lastOffsetDelta() + 1;
      if (header.isControl()) {
        throw new InvalidRecordException("Clients are not allowed to write control records to "
            + partition);
      }
      if (header.producerId() < 0) {
        continue;
      }
      ProducerEntry current = working != null && working.containsKey(header.producerId())
          ? working.get(header.producerId()) : producers.get(header.producerId());
      int lastSeq = lastSequence(header);
      if (current != null) {
        Optional<BatchMetadata> duplicate =
            current.findDuplicate(header.producerEpoch(), header.baseSequence(), lastSeq);
        if (duplicate.isPresent()) {
          return new ProducerAppend(duplicate.get(), List.of());
        }
      }
      validate(header, current, batchFirst);
      BatchMetadata batch = new BatchMetadata(header.baseSequence(), lastSeq, batchFirst,
          offset - 1, header.maxTimestamp());
      ProducerEntry base = current != null ? current : ProducerEntry.empty(header.producerId());
      if (working == null) {
        working = new HashMap<>(2);
      }
      working.put(header.producerId(),
          base.withBatch(header.producerEpoch(), batch, -1, header.isTransactional()));
      updates.add(new ProducerAppend.Update(header.producerId(), header.producerEpoch(), batch,
          header.isTransactional()));
    }
    return updates.isEmpty() ? ProducerAppend.NONE : new ProducerAppend(null, updates);
  }

  private void validate(BatchHeader header, ProducerEntry current, long offset) {
    long producerId = header.producerId();
    if (header.baseSequence() < 0) {
      throw new InvalidRecordException("Invalid sequence number " + header.baseSequence()
          + " in a record batch of producer " + producerId + " for " + partition);
    }
    if (current == null) {
      return; // unknown producer: accept any sequence and start tracking it
    }
    short epoch = header.producerEpoch();
    if (epoch < current.epoch()) {
      throw new InvalidProducerEpochException("Epoch of producer " + producerId + " at offset "
          + offset + " in " + partition + " is " + epoch + ", which is smaller than the last "
          + "seen epoch " + current.epoch());
    }
    if (current.epoch() != RecordBatch.NO_PRODUCER_EPOCH) {
      checkSequence(header, current, offset);
    }
    if (current.hasOngoingTxn() && !header.isTransactional()) {
      throw new InvalidTxnStateException("Expected transactional write from producer "
          + producerId + " at offset " + offset + " in " + partition + ": its transaction "
          + "started at offset " + current.currentTxnFirstOffset() + " is still ongoing");
    }
  }

  private void checkSequence(BatchHeader header, ProducerEntry current, long offset) {
    short epoch = header.producerEpoch();
    long producerId = header.producerId();
    if (epoch != current.epoch()) {
      if (header.baseSequence() != 0) {
        throw new OutOfOrderSequenceException("Invalid sequence number for new epoch of "
            + "producer " + producerId + " at offset " + offset + " in " + partition + ": "
            + epoch + " (request epoch), " + header.baseSequence() + " (seq. number), "
            + current.epoch() + " (current producer epoch)");
      }
    } else if (!inSequence(current.lastSeq(), header.baseSequence())) {
      throw new OutOfOrderSequenceException("Out of order sequence number for producer "
          + producerId + " at offset " + offset + " in " + partition + ": "
          + header.baseSequence() + " (incoming seq. number), " + current.lastSeq()
          + " (current end sequence number)");
    }
  }

  /**
   * Records a checked append that the log accepted.
   *
   * @param logAppendTime the append time stamped under LogAppendTime, or -1 to keep each batch's
   *     own max timestamp
   * @param nowMs the broker's clock, the producers' last activity
   */
  public void commit(ProducerAppend append, long logAppendTime, long nowMs) {
    for (ProducerAppend.Update update : append.updates()) {
      BatchMetadata batch = update.batch();
      if (logAppendTime >= 0) {
        batch = new BatchMetadata(batch.firstSeq(), batch.lastSeq(), batch.firstOffset(),
            batch.lastOffset(), logAppendTime);
      }
      record(update.producerId(), update.epoch(), batch, nowMs, update.transactional());
    }
  }

  /**
   * Checks a COMMIT/ABORT marker about to be appended at {@code offset}. Changes nothing.
   *
   * @throws InvalidProducerEpochException when the marker's epoch is below the producer's
   * @throws TransactionCoordinatorFencedException when its coordinator epoch is below the one of
   *     the producer's last marker (a zombie coordinator)
   */
  public void checkMarker(long producerId, short epoch, int coordinatorEpoch, long offset) {
    ProducerEntry current = producers.get(producerId);
    if (current == null) {
      return;
    }
    if (epoch < current.epoch()) {
      throw new InvalidProducerEpochException("Epoch of producer " + producerId + " at offset "
          + offset + " in " + partition + " is " + epoch + ", which is smaller than the last "
          + "seen epoch " + current.epoch());
    }
    if (current.coordinatorEpoch() > coordinatorEpoch) {
      throw new TransactionCoordinatorFencedException("Invalid coordinator epoch for producerId "
          + producerId + " at offset " + offset + " in partition " + partition + ": "
          + coordinatorEpoch + " (zombie), " + current.coordinatorEpoch() + " (current)");
    }
  }

  /**
   * Records a marker the log accepted (or read back while rebuilding): the producer takes the
   * marker's epochs and its transaction ends.
   *
   * @param activeAt the producer's last activity: the broker's clock, or the marker batch's
   *     timestamp when replaying
   * @return the transaction it completed, empty when the producer had none ongoing
   */
  public Optional<CompletedTxn> completeMarker(long producerId, short epoch,
      int coordinatorEpoch, boolean commit, long offset, long activeAt) {
    ProducerEntry current = producers.getOrDefault(producerId, ProducerEntry.empty(producerId));
    producers.put(producerId, current.withMarker(epoch, coordinatorEpoch, activeAt));
    if (!current.hasOngoingTxn()) {
      return Optional.empty();
    }
    unstable.completed(current.currentTxnFirstOffset(), offset);
    return Optional.of(new CompletedTxn(producerId, current.currentTxnFirstOffset(), offset,
        !commit));
  }

  /**
   * The last stable offset to record with a just-completed transaction (Kafka's
   * {@code lastStableOffset(CompletedTxn)}): the first offset of the oldest transaction still
   * ongoing, else the offset after the marker.
   */
  public long lastStableOffsetAfter(CompletedTxn completed) {
    return unstable.firstUndecidedOffset().orElse(completed.lastOffset() + 1);
  }

  /**
   * Applies a data batch read back from the log (rebuilding after open): no checks, since the
   * log only holds batches that passed them. Control batches go to {@link #completeMarker}.
   */
  public void replay(BatchHeader header) {
    if (header.producerId() < 0 || header.isControl()) {
      return;
    }
    BatchMetadata batch = new BatchMetadata(header.baseSequence(), lastSequence(header),
        header.baseOffset(), header.lastOffset(), header.maxTimestamp());
    record(header.producerId(), header.producerEpoch(), batch, header.maxTimestamp(),
        header.isTransactional());
  }

  private void record(long producerId, short epoch, BatchMetadata batch, long activeAt,
      boolean transactional) {
    ProducerEntry base = producers.getOrDefault(producerId, ProducerEntry.empty(producerId));
    ProducerEntry next = base.withBatch(epoch, batch, activeAt, transactional);
    if (!base.hasOngoingTxn() && next.hasOngoingTxn()) {
      unstable.started(producerId, next.currentTxnFirstOffset());
    }
    producers.put(producerId, next);
  }

  /**
   * The first offset of the oldest transaction that is ongoing or whose marker is not yet below
   * the high watermark; empty when there is none.
   */
  public OptionalLong firstUnstableOffset() {
    return unstable.firstUnstableOffset();
  }

  /** Transactions whose marker is below {@code highWatermark} no longer hold the LSO back. */
  public void onHighWatermarkUpdated(long highWatermark) {
    unstable.onHighWatermark(highWatermark);
  }

  /** How many transactions are ongoing. */
  public int ongoingTransactions() {
    return unstable.ongoingCount();
  }

  /**
   * Forgets producers idle for at least {@code producer.id.expiration.ms} before {@code nowMs},
   * except those with an ongoing transaction (as Kafka).
   *
   * @return how many were removed
   */
  public int removeExpired(long nowMs) {
    int before = producers.size();
    producers.values().removeIf(entry -> !entry.hasOngoingTxn()
        && nowMs - entry.lastTimestamp() >= expirationMs);
    return before - producers.size();
  }

  /** Replaces the state with {@code entries} (from a snapshot). */
  public void load(Collection<ProducerEntry> entries) {
    producers.clear();
    unstable.clear();
    for (ProducerEntry entry : entries) {
      producers.put(entry.producerId(), entry);
      if (entry.hasOngoingTxn()) {
        unstable.started(entry.producerId(), entry.currentTxnFirstOffset());
      }
    }
  }

  /** An immutable copy of every entry, for a snapshot. */
  public List<ProducerEntry> entries() {
    return List.copyOf(producers.values());
  }

  /** The state of {@code producerId}, if tracked. */
  public Optional<ProducerEntry> entry(long producerId) {
    return Optional.ofNullable(producers.get(producerId));
  }

  /** How many producers are tracked. */
  public int size() {
    return producers.size();
  }

  private static int lastSequence(BatchHeader header) {
    return header.baseSequence() < 0 ? RecordBatch.NO_SEQUENCE
        : DefaultRecordBatch.incrementSequence(header.baseSequence(), header.lastOffsetDelta());
  }

  private static boolean inSequence(int lastSeq, int nextSeq) {
    return nextSeq == lastSeq + 1L || (nextSeq == 0 && lastSeq == Integer.MAX_VALUE);
  }
}
