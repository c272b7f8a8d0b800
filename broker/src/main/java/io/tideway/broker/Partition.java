package io.tideway.broker;

import io.tideway.broker.log.FetchSlice;
import io.tideway.broker.log.TimestampAndOffset;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * One partition led by this node: its log, its idempotent-producer state and its waiting readers.
 *
 * <p>Thread contract: thread-safe facade. Each partition is owned by one Vert.x event-loop
 * context; every operation hops there and runs in submission order, and blocking log operations
 * (delete-records, retention) run on a worker while the partition takes no other operation.
 * Futures complete on the owning context. The offset getters read volatile snapshots and never
 * block.
 *
 * <p>Invariants: {@code logStartOffset <= highWatermark <= logEndOffset}; on a single node the high
 * watermark is the log end offset (under {@code group-commit}, the durable end offset).
 */
public interface Partition {

  TopicPartition topicPartition();

  Uuid topicId();

  /** The leader epoch stamped on appended batches (0 on a single node, until leadership moves). */
  int leaderEpoch();

  long logStartOffset();

  long logEndOffset();

  /** The offset up to which consumers may read. */
  long highWatermark();

  /**
   * The last stable offset: the first offset of the oldest ongoing transaction, or the high
   * watermark when none is ongoing. {@code read_committed} consumers read up to it.
   */
  long lastStableOffset();

  /** Bytes held by the partition's local segments. */
  long sizeInBytes();

  /**
   * Appends a producer's batches: checks idempotent-producer sequences and epochs, assigns
   * offsets, and completes per {@code acks} (1: appended; -1: appended and, under
   * {@code group-commit}, fsynced). A retried batch already in the log (duplicate sequence)
   * succeeds with its original offsets and appends nothing.
   *
   * <p>Fails with {@code CorruptRecordException}, {@code InvalidRecordException},
   * {@code RecordTooLargeException}, {@code RecordBatchTooLargeException},
   * {@code OutOfOrderSequenceException}, {@code InvalidProducerEpochException},
   * {@code UnknownProducerIdException} or {@code KafkaStorageException}.
   */
  Future<ProduceResult> append(MemoryRecords records, short acks);

  /**
   * Reads whole batches from {@code offset}, up to {@code maxBytes} (at least one whole batch when
   * {@code minOneBatch}, KIP-74), never past the high watermark. Fails with
   * {@code OffsetOutOfRangeException} below the log start or above the log end.
   */
  default Future<ReadResult> read(long offset, int maxBytes, boolean minOneBatch) {
    return read(offset, maxBytes, minOneBatch, IsolationLevel.READ_UNCOMMITTED);
  }

  /**
   * Reads as {@link #read(long, int, boolean)} does, but under {@code READ_COMMITTED} never past
   * the last stable offset, and with the aborted transactions whose data the returned batches may
   * hold (those whose ABORT marker is at or after {@code offset} and whose first offset is before
   * the end of the returned data), as Kafka's Fetch reports them.
   */
  Future<ReadResult> read(long offset, int maxBytes, boolean minOneBatch, IsolationLevel isolation);

  /**
   * Appends a transaction's COMMIT or ABORT control batch (the coordinator's marker) and ends the
   * producer's transaction in this partition, which may advance the last stable offset; an ABORT
   * is recorded in the {@code .txnindex}. A marker for a producer without an ongoing transaction
   * is appended too (a coordinator retry): it updates the producer's epochs and completes
   * nothing. Fails with {@code InvalidProducerEpochException} when the marker's epoch is below the
   * producer's epoch in this partition, and with {@code TransactionCoordinatorFencedException}
   * when its coordinator epoch is below the last one seen.
   *
   * @param producerId the transaction's producer id
   * @param producerEpoch the epoch the marker carries
   * @param coordinatorEpoch the coordinator epoch written into the marker
   * @param commit true for COMMIT, false for ABORT
   * @return the marker's offset, once it is durable under {@code group-commit}
   */
  Future<Long> appendTxnMarker(long producerId, short producerEpoch, int coordinatorEpoch,
      boolean commit);

  /** DescribeProducers: the idempotent and transactional producers this partition tracks. */
  Future<List<ProducerView>> activeProducers();

  /**
   * Calls {@code listener} (on the owning context) after every append that moves the high
   * watermark, until the returned registration is closed. Fetch long-polls use it.
   */
  Registration onHighWatermarkAdvance(Runnable listener);

  /**
   * ListOffsets: the earliest offset whose batch has a timestamp at or after {@code timestamp},
   * or one of Kafka's special timestamps (-1 latest, -2 earliest, -3 max timestamp, -4 earliest
   * local, -5 latest tiered). Empty when no such offset exists.
   */
  default Future<Optional<TimestampAndOffset>> offsetForTimestamp(long timestamp) {
    return offsetForTimestamp(timestamp, IsolationLevel.READ_UNCOMMITTED);
  }

  /**
   * ListOffsets as {@link #offsetForTimestamp(long)}, where under {@code READ_COMMITTED} the latest
   * offset is the last stable offset and no offset at or past it is returned.
   */
  Future<Optional<TimestampAndOffset>> offsetForTimestamp(long timestamp, IsolationLevel isolation);

  /**
   * DeleteRecords: moves the log start offset to {@code offset} ({@code -1}: the high watermark).
   * Fails with {@code OffsetOutOfRangeException} past the high watermark.
   *
   * @return the new log start offset (the low watermark)
   */
  Future<Long> deleteRecordsBefore(long offset);

  /**
   * OffsetForLeaderEpoch: the end offset of {@code leaderEpoch} (the start offset of the next
   * epoch, or the log end offset for the current one), with the largest epoch at or below it.
   */
  Future<EpochEndOffset> endOffsetForEpoch(int leaderEpoch);

  /** A listener registration; closing it twice is harmless. */
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * What a produce appended (or had appended, for a duplicate).
   *
   * @param baseOffset the first offset of the appended batches
   * @param logAppendTime the LogAppendTime stamped, or -1 under CreateTime
   * @param logStartOffset the log start offset after the append
   */
  record ProduceResult(long baseOffset, long logAppendTime, long logStartOffset) {
  }

  /**
   * What a read found, with the offsets a Fetch response reports.
   *
   * @param slice whole batches (possibly empty); zero-copy capable
   * @param highWatermark the high watermark at the time of the read
   * @param lastStableOffset the last stable offset at the time of the read
   * @param logStartOffset the log start offset
   * @param abortedTransactions under {@code READ_COMMITTED}, the aborted transactions the data may
   *     hold, in marker order; empty otherwise
   */
  record ReadResult(FetchSlice slice, long highWatermark, long lastStableOffset,
      long logStartOffset, List<AbortedTxn> abortedTransactions) {

    /** Copies the aborted transactions. */
    public ReadResult {
      abortedTransactions = List.copyOf(abortedTransactions);
    }

    /** A result without aborted transactions. */
    public ReadResult(FetchSlice slice, long highWatermark, long lastStableOffset,
        long logStartOffset) {
      this(slice, highWatermark, lastStableOffset, logStartOffset, List.of());
    }
  }

  /**
   * An aborted transaction as a Fetch response reports it.
   *
   * @param producerId the transaction's producer id
   * @param firstOffset the offset of its first record in this partition
   */
  record AbortedTxn(long producerId, long firstOffset) {
  }

  /**
   * One producer's state in this partition, as DescribeProducers reports it.
   *
   * @param producerId the producer id
   * @param producerEpoch its epoch
   * @param lastSequence the last sequence number appended, -1 when none is retained
   * @param lastTimestamp the timestamp of its last batch
   * @param coordinatorEpoch the coordinator epoch of its last marker, -1 when none
   * @param currentTxnStartOffset the first offset of its ongoing transaction, -1 when none
   */
  record ProducerView(long producerId, int producerEpoch, int lastSequence, long lastTimestamp,
      int coordinatorEpoch, long currentTxnStartOffset) {
  }

  /**
   * The answer to OffsetForLeaderEpoch.
   *
   * @param leaderEpoch the largest known epoch at or below the requested one, or -1
   * @param endOffset its end offset, or -1 when unknown
   */
  record EpochEndOffset(int leaderEpoch, long endOffset) {
  }
}
