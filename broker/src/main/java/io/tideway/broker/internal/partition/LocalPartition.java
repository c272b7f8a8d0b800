package io.tideway.broker.internal.partition;

import io.tideway.broker.Partition;
import io.tideway.broker.internal.exec.BlockingIo;
import io.tideway.broker.internal.exec.OperationQueue;
import io.tideway.broker.internal.logdir.PartitionDirs;
import io.tideway.broker.internal.producer.BatchMetadata;
import io.tideway.broker.internal.producer.ProducerEntry;
import io.tideway.broker.internal.producer.ProducerStateManager;
import io.tideway.broker.log.FetchSlice;
import io.tideway.broker.log.LogConfig;
import io.tideway.broker.log.PartitionLog;
import io.tideway.broker.log.SegmentInfo;
import io.tideway.broker.log.TimestampAndOffset;
import io.vertx.core.Future;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidRequiredAcksException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A partition this node leads: its {@link PartitionLog}, producer state (idempotent and
 * transactional), leader epochs, high watermark, last stable offset and listeners. Produce goes
 * through {@link ProduceHandler}, transaction markers through {@link TxnMarkerAppender};
 * everything else is here.
 *
 * <p>Thread contract: thread-safe facade. Every operation is queued on the owning context's
 * {@link OperationQueue} and runs there in submission order; blocking log calls
 * (delete-records, retention deletes, close) run on the worker pool while the queue holds the
 * partition's next operations back. The offset getters read volatile fields that the owner
 * refreshes after each change. Futures complete on the owning context.
 *
 * <p>Invariants: {@code logStartOffset <= lastStableOffset <= highWatermark <= logEndOffset}; the
 * high watermark never moves backwards; it is the log end offset under
 * {@code log.flush.policy=none} and the durable end offset under {@code group-commit}. The last
 * stable offset is the first offset of the oldest transaction that is ongoing or whose marker is
 * not yet below the high watermark (at least the log start), else the high watermark; it is
 * recomputed after every change, and the high-watermark listeners fire when either moves.
 * Nothing below the log start offset is returned.
 */
public final class LocalPartition implements Partition {

  private static final Logger log = LoggerFactory.getLogger(LocalPartition.class);

  private final TopicPartition partition;
  private final Uuid topicId;
  private final OperationQueue queue;
  private final BlockingIo io;
  private final PartitionLog partitionLog;
  private final LeaderEpochCache epochs;
  private final ProducerStateManager producers;
  private final ProduceHandler producer;
  private final TxnMarkerAppender markers;
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
    this.producers = opened.producers();
    this.producer = new ProduceHandler(this, partitionLog, producers,
        new ProducerSnapshots(partitionLog.dir(), partition, io), clock);
    this.markers = new TxnMarkerAppender(partition, partitionLog, producers, leaderEpoch, clock);
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
      long lso = lastStableOffset;
      if (isolation == IsolationLevel.READ_UNCOMMITTED) {
        FetchSlice slice = partitionLog.read(offset, maxBytes, minOneBatch, hw);
        return Future.succeededFuture(new ReadResult(slice, hw, lso, logStartOffset));
      }
      FetchSlice slice = partitionLog.read(offset, maxBytes, minOneBatch, lso);
      List<AbortedTxn> aborted = slice.isEmpty() ? List.of()
          : partitionLog.abortedTransactions(offset, slice.lastOffset() + 1).stream()
              .map(entry -> new AbortedTxn(entry.producerId(), entry.firstOffset())).toList();
      return Future.succeededFuture(new ReadResult(slice, hw, lso, logStartOffset, aborted));
    });
  }

  @Override
  public Future<List<ProducerView>> activeProducers() {
    return submit(() -> Future.succeededFuture(
        producers.entries().stream().map(LocalPartition::view).toList()));
  }

  /** DescribeProducers' view of an entry: the last batch's timestamp, else the last activity. */
  private static ProducerView view(ProducerEntry entry) {
    List<BatchMetadata> batches = entry.batches();
    long lastTimestamp = batches.isEmpty() ? entry.lastTimestamp()
        : batches.get(batches.size() - 1).timestamp();
    return new ProducerView(entry.producerId(), entry.epoch(), entry.lastSeq(), lastTimestamp,
        entry.coordinatorEpoch(), entry.currentTxnFirstOffset());
  }

  @Override
  public Future<Long> appendTxnMarker(long producerId, short producerEpoch, int coordinatorEpoch,
      boolean commit) {
    return submit(() -> {
      TxnMarkerAppender.Appended appended =
          markers.append(producerId, producerEpoch, coordinatorEpoch, commit);
      refreshOffsets();
      if (!appended.durable().isDone()) {
        appended.durable().whenComplete((ignored, error) -> scheduleHighWatermarkRefresh());
      }
      return Future.succeededFuture(appended);
    }).compose(appended ->
        awaitDurable(appended.durable(), appended.offset() + 1, appended.offset()));
  }

  /**
   * Completes with {@code answer} once {@code durable} has completed and the high watermark (and
   * so the last stable offset) covers {@code endOffset}, refreshing it on the owner in queue
   * order; at once if both already hold. Fails with the fsync's {@code KafkaStorageException}.
   */
  <T> Future<T> awaitDurable(CompletableFuture<Void> durable, long endOffset, T answer) {
    if (durable.isDone() && !durable.isCompletedExceptionally() && highWatermark >= endOffset) {
      return Future.succeededFuture(answer);
    }
    return Future.fromCompletionStage(durable, queue.context())
        .compose(ignored -> queue.submit(() -> {
          refreshAfterFsync();
          return Future.succeededFuture(answer);
        }));
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
    long hw = isolation == IsolationLevel.READ_COMMITTED ? lastStableOffset : highWatermark;
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
        producer.snapshotNow();
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

  /**
   * Owner only: publishes the log's offsets, raises the high watermark, recomputes the last
   * stable offset, and wakes the listeners if either moved.
   */
  void refreshOffsets() {
    logStartOffset = partitionLog.logStartOffset();
    logEndOffset = partitionLog.logEndOffset();
    sizeInBytes = partitionLog.sizeInBytes();
    long candidate = Math.max(partitionLog.durableEndOffset(), logStartOffset);
    boolean moved = false;
    if (candidate > highWatermark) {
      highWatermark = candidate;
      moved = true;
    }
    producers.onHighWatermarkUpdated(highWatermark);
    long unstable = producers.firstUnstableOffset().orElse(highWatermark);
    long lso = Math.min(highWatermark, Math.max(unstable, logStartOffset));
    if (lso != lastStableOffset) {
      lastStableOffset = lso;
      moved = true;
    }
    if (moved) {
      listeners.fire();
    }
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
