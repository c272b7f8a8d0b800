package io.tideway.broker.internal.partition;

import io.tideway.broker.Partition;
import io.tideway.broker.internal.exec.BlockingIo;
import io.tideway.broker.internal.exec.OperationQueue;
import io.tideway.broker.internal.logdir.PartitionDirs;
import io.tideway.broker.internal.txn.AbortedTransaction;
import io.tideway.broker.internal.txn.PartitionTransactions;
import io.tideway.broker.log.FetchSlice;
import io.tideway.broker.log.LogAppendResult;
import io.tideway.broker.log.LogConfig;
import io.tideway.broker.log.PartitionLog;
import io.tideway.broker.log.SegmentInfo;
import io.tideway.broker.log.TimestampAndOffset;
import io.vertx.core.Future;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidRequiredAcksException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A partition this node leads: its {@link PartitionLog}, idempotent-producer state, leader epochs,
 * high watermark and listeners. Produce goes through {@link ProduceHandler}; everything else is
 * here.
 *
 * <p>Thread contract: thread-safe facade. Every operation is queued on the owning context's
 * {@link OperationQueue} and runs there in submission order; blocking log calls
 * (delete-records, retention deletes, close) run on the worker pool while the queue holds the
 * partition's next operations back. The offset getters read volatile fields that the owner
 * refreshes after each change. Futures complete on the owning context.
 *
 * <p>Invariants: {@code logStartOffset <= highWatermark <= logEndOffset}; the high watermark never
 * moves backwards; it is the log end offset under {@code log.flush.policy=none} and the durable
 * end offset under {@code group-commit}.
 */
public final class LocalPartition implements Partition {

  private static final Logger log = LoggerFactory.getLogger(LocalPartition.class);

  private final TopicPartition partition;
  private final Uuid topicId;
  private final OperationQueue queue;
  private final BlockingIo io;
  private final PartitionLog partitionLog;
  private final LeaderEpochCache epochs;
  private final ProduceHandler producer;
  private final PartitionTransactions transactions = new PartitionTransactions();
  private final SegmentIndexRecorder indexRecorder;
  private final HighWatermarkListeners listeners;
  private final AtomicBoolean hwRefreshPending = new AtomicBoolean();
  private final AtomicBoolean retentionRunning = new AtomicBoolean();
  private final int leaderEpoch;
  private final Clock clock;
  private volatile long logStartOffset;
  private volatile long logEndOffset;
  private volatile long highWatermark;
  private volatile long lastStableOffset;
  private volatile long sizeInBytes;
  private volatile boolean retentionDeletes;
  private RuntimeException closedError; // owner only

  LocalPartition(PartitionFactory.Opened opened, OperationQueue queue, BlockingIo io, Clock clock,
      boolean retentionDeletes) {
    this.partition = opened.partition();
    this.topicId = opened.topicId();
    this.queue = queue;
    this.io = io;
    this.partitionLog = opened.log();
    this.epochs = opened.epochs();
    this.leaderEpoch = epochs.latestEpoch();
    this.indexRecorder = opened.events().recorder();
    this.listeners = new HighWatermarkListeners(partition);
    this.producer = new ProduceHandler(this, partitionLog, opened.producers(),
        new ProducerSnapshots(partitionLog.dir(), partition, io), transactions, clock);
    this.retentionDeletes = retentionDeletes;
    this.clock = clock;
    this.highWatermark = partitionLog.durableEndOffset();
    refreshOffsets();
    opened.events().onRoll(producer::snapshotAtRoll);
  }

  @Override
  public TopicPartition topicPartition() {
    return partition;
  }

  @Override
  public Uuid topicId() {
    return topicId;
  }

  @Override
  public int leaderEpoch() {
    return leaderEpoch;
  }

  @Override
  public long logStartOffset() {
    return logStartOffset;
  }

  @Override
  public long logEndOffset() {
    return logEndOffset;
  }

  @Override
  public long highWatermark() {
    return highWatermark;
  }

  @Override
  public long sizeInBytes() {
    return sizeInBytes;
  }

  @Override
  public Future<ProduceResult> append(MemoryRecords records, short acks) {
    if (acks != 0 && acks != 1 && acks != -1) {
      return Future.failedFuture(new InvalidRequiredAcksException("Invalid required acks " + acks
          + " for " + partition + ": only 0, 1 and -1 (all) are allowed"));
    }
    return submit(() -> Future.succeededFuture(producer.append(records)))
        .compose(appended -> acks == -1 ? producer.awaitDurable(appended)
            : Future.succeededFuture(appended.result()));
  }

  @Override
  public long lastStableOffset() {
    return lastStableOffset;
  }

  @Override
  public Future<ReadResult> read(long offset, int maxBytes, boolean minOneBatch,
      IsolationLevel isolation) {
    return submit(() -> {
      long hw = highWatermark;
      long lso = transactions.lastStableOffset(hw);
      if (isolation == IsolationLevel.READ_UNCOMMITTED) {
        FetchSlice slice = partitionLog.read(offset, maxBytes, minOneBatch, hw);
        return Future.succeededFuture(new ReadResult(slice, hw, lso, logStartOffset));
      }
      FetchSlice slice = partitionLog.read(offset, maxBytes, minOneBatch, lso);
      long upperBound = offset + Math.max(0, slice.lastOffset() + 1 - offset);
      List<AbortedTxn> aborted = transactions.abortedTransactions(offset, upperBound).stream()
          .map(entry -> new AbortedTxn(entry.producerId(), entry.firstOffset())).toList();
      return Future.succeededFuture(new ReadResult(slice, hw, lso, logStartOffset, aborted));
    });
  }

  @Override
  public Future<List<ProducerView>> activeProducers() {
    return Future.failedFuture(new UnsupportedVersionException(
        "DescribeProducers is not served yet"));
  }

  /**
   * Appends a transaction's COMMIT or ABORT control batch (the coordinator's marker) and closes
   * the producer's transaction in this partition, which may advance the last stable offset.
   * Bypasses the idempotent-producer checks: markers carry no sequence. Owner-context operation.
   *
   * @param producerId the transaction's producer id
   * @param producerEpoch the epoch the marker carries
   * @param coordinatorEpoch the coordinator epoch written into the marker
   * @param commit true for COMMIT, false for ABORT
   * @return the marker's offset, once it is durable and covered by the high watermark under
   *     {@code group-commit} (immediately under {@code none})
   */
  @Override
  public Future<Long> appendTxnMarker(long producerId, short producerEpoch, int coordinatorEpoch,
      boolean commit) {
    return submit(() -> {
      MemoryRecords marker = MemoryRecords.withEndTransactionMarker(
          partitionLog.logEndOffset(), clock.millis(), leaderEpoch, producerId,
          producerEpoch, new EndTransactionMarker(
              commit ? ControlRecordType.COMMIT : ControlRecordType.ABORT, coordinatorEpoch));
      LogAppendResult result = partitionLog.append(marker, leaderEpoch);
      transactions.onMarker(producerId, result.firstOffset(), commit);
      refreshOffsets();
      listeners.fire();
      return Future.fromCompletionStage(result.durable(), queue.context()).map(ignored -> {
        refreshAfterFsync();
        return result.firstOffset();
      });
    });
  }

  /**
   * The aborted transactions a {@code read_committed} fetch of {@code [fetchOffset,
   * upperBoundOffset)} must report. Owner-context operation.
   *
   * @param fetchOffset the fetch offset
   * @param upperBoundOffset the end of the returned data (exclusive)
   * @return the aborted transactions in range, in marker order
   */
  public Future<List<AbortedTransaction>> abortedTransactions(long fetchOffset,
      long upperBoundOffset) {
    return submit(() -> Future.succeededFuture(
        transactions.abortedTransactions(fetchOffset, upperBoundOffset)));
  }

  @Override
  public Registration onHighWatermarkAdvance(Runnable listener) {
    return listeners.add(listener);
  }

  @Override
  public Future<Optional<TimestampAndOffset>> offsetForTimestamp(long timestamp,
      IsolationLevel isolation) {
    return submit(() -> Future.succeededFuture(lookUpOffset(timestamp, isolation)));
  }

  private Optional<TimestampAndOffset> lookUpOffset(long timestamp, IsolationLevel isolation) {
    long hw = isolation == IsolationLevel.READ_COMMITTED
        ? transactions.lastStableOffset(highWatermark) : highWatermark;
    if (timestamp == ListOffsetsRequest.LATEST_TIMESTAMP) {
      return Optional.of(new TimestampAndOffset(-1, hw));
    }
    if (timestamp == ListOffsetsRequest.EARLIEST_TIMESTAMP
        || timestamp == ListOffsetsRequest.EARLIEST_LOCAL_TIMESTAMP) {
      return Optional.of(new TimestampAndOffset(-1, partitionLog.logStartOffset()));
    }
    if (timestamp == ListOffsetsRequest.LATEST_TIERED_TIMESTAMP
        || timestamp == ListOffsetsRequest.EARLIEST_PENDING_UPLOAD_TIMESTAMP) {
      return Optional.empty(); // nothing is tiered yet
    }
    Optional<TimestampAndOffset> found = timestamp == ListOffsetsRequest.MAX_TIMESTAMP
        ? partitionLog.maxTimestampAndOffset() : partitionLog.offsetForTimestamp(timestamp);
    // As Kafka: never an offset consumers cannot read yet.
    return found.filter(result -> result.offset() < hw);
  }

  @Override
  public Future<Long> deleteRecordsBefore(long offset) {
    return submit(() -> {
      long hw = highWatermark;
      long target = offset == -1 ? hw : offset;
      if (target < 0) {
        throw new OffsetOutOfRangeException("The offset " + offset + " for partition "
            + partition + " is not valid");
      }
      if (target > hw) {
        throw new OffsetOutOfRangeException("Cannot delete records of " + partition
            + " before offset " + target + ": it is past the high watermark " + hw);
      }
      if (target <= partitionLog.logStartOffset()) {
        return Future.succeededFuture(partitionLog.logStartOffset());
      }
      return io.run(() -> {
        long start = partitionLog.deleteRecordsBefore(target);
        epochs.truncateFromStart(start);
        return start;
      }).map(start -> {
        refreshOffsets();
        log.atInfo().setMessage("Deleted records").addKeyValue("partition", partition)
            .addKeyValue("logStartOffset", start).log();
        return start;
      });
    });
  }

  @Override
  public Future<EpochEndOffset> endOffsetForEpoch(int requestedEpoch) {
    return submit(() -> Future.succeededFuture(
        epochs.endOffsetFor(requestedEpoch, partitionLog.logEndOffset())));
  }

  /** Applies a new configuration to the log (AlterConfigs, dynamic broker defaults). */
  public Future<Void> applyConfig(LogConfig config, boolean deletesByRetention) {
    return submit(() -> {
      partitionLog.updateConfig(config);
      this.retentionDeletes = deletesByRetention;
      refreshOffsets();
      return Future.succeededFuture();
    });
  }

  /**
   * One retention pass: rolls the active segment if {@code segment.ms} has passed, then (unless
   * {@code cleanup.policy} excludes delete) removes expired segments on the worker pool. A pass
   * still running when the next is due is not doubled.
   *
   * @return the number of segments deleted
   */
  public Future<Integer> runRetention() {
    if (!retentionRunning.compareAndSet(false, true)) {
      return Future.succeededFuture(0);
    }
    return submit(() -> {
      partitionLog.rollIfExpired();
      producer.expireProducers();
      if (!retentionDeletes) {
        return Future.succeededFuture(0);
      }
      return io.run(partitionLog::deleteOldSegments).map(deleted -> {
        refreshOffsets();
        return deleted;
      });
    }).andThen(ignored -> retentionRunning.set(false));
  }

  /** Snapshots the producer state, flushes and closes the log (clean-shutdown marker). */
  public Future<Void> close() {
    return submit(() -> {
      closedError = new KafkaStorageException("Partition " + partition + " is closed");
      return producer.idle().compose(ignored -> {
        ProduceHandler.SnapshotTask snapshot = producer.closingSnapshot();
        return io.<Void>run(() -> {
          try {
            snapshot.write();
          } catch (IOException e) {
            // The next open replays the log from the previous snapshot instead.
            log.atWarn().setMessage("Failed to write the closing producer snapshot")
                .addKeyValue("partition", partition).addKeyValue("reason", e.toString()).log();
          }
          partitionLog.close();
          return null;
        });
      });
    }).compose(ignored -> Future.fromCompletionStage(indexRecorder.drained()));
  }

  /** Closes the log and deletes the partition's directory (topic deletion). */
  public Future<Void> closeAndDelete() {
    return submit(() -> {
      closedError = new UnknownTopicOrPartitionException("Partition " + partition
          + " was deleted");
      return producer.idle().compose(ignored -> io.<Void>run(() -> {
        try {
          partitionLog.close();
        } catch (KafkaStorageException e) {
          log.atWarn().setMessage("Deleting a partition whose log failed to close")
              .addKeyValue("partition", partition).addKeyValue("reason", e.toString()).log();
        }
        PartitionDirs.delete(partitionLog.dir(), partition);
        return null;
      }));
    });
  }

  /** The partition's segments as the log reports them (for tests and tools). */
  public Future<List<SegmentInfo>> segments() {
    return submit(() -> Future.succeededFuture(partitionLog.segments()));
  }

  /** Completes once every segment event so far is in the metadata store (or failed). */
  public Future<Void> segmentIndexDrained() {
    return Future.fromCompletionStage(indexRecorder.drained());
  }

  /** Runs {@code operation} on the owner after the queued ones, unless the partition is closed. */
  private <T> Future<T> submit(Supplier<Future<T>> operation) {
    return queue.submit(() -> {
      if (closedError != null) {
        return Future.failedFuture(closedError);
      }
      return operation.get();
    });
  }

  /** Owner only: publishes the log's offsets and raises the high watermark. */
  void refreshOffsets() {
    logStartOffset = partitionLog.logStartOffset();
    logEndOffset = partitionLog.logEndOffset();
    sizeInBytes = partitionLog.sizeInBytes();
    long candidate = Math.max(partitionLog.durableEndOffset(), logStartOffset);
    if (candidate > highWatermark) {
      highWatermark = candidate;
      listeners.fire();
    }
    lastStableOffset = transactions.lastStableOffset(highWatermark);
  }

  /**
   * Any thread (the flusher's): schedules one high-watermark refresh on the owner after fsyncs
   * complete, coalescing requests that arrive before it runs. It is queued like any operation,
   * since the log must not be read while a blocking call runs on a worker.
   */
  void scheduleHighWatermarkRefresh() {
    if (hwRefreshPending.compareAndSet(false, true)) {
      queue.submit(() -> {
        hwRefreshPending.set(false);
        refreshAfterFsync();
        return Future.succeededFuture();
      });
    }
  }

  /** Owner, inside a queued operation: refreshes the offsets unless the log is closed. */
  void refreshAfterFsync() {
    if (closedError == null) {
      refreshOffsets();
    }
  }

  OperationQueue queue() {
    return queue;
  }

  @Override
  public String toString() {
    return "LocalPartition[" + partition + ", " + logStartOffset + ".." + highWatermark + ".."
        + logEndOffset + "]";
  }
}
