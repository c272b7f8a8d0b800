package io.tideway.broker;

import io.tideway.broker.log.FetchSlice;
import io.tideway.broker.log.TimestampAndOffset;
import io.vertx.core.Future;
import java.util.Optional;
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
  Future<ReadResult> read(long offset, int maxBytes, boolean minOneBatch);

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
  Future<Optional<TimestampAndOffset>> offsetForTimestamp(long timestamp);

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
   * @param lastStableOffset the last stable offset (the high watermark until transactions exist)
   * @param logStartOffset the log start offset
   */
  record ReadResult(FetchSlice slice, long highWatermark, long lastStableOffset,
      long logStartOffset) {
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
