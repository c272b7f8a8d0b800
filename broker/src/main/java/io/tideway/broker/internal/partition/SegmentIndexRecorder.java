package io.tideway.broker.internal.partition;

import io.tideway.broker.log.SegmentInfo;
import io.tideway.broker.log.SegmentListener;
import io.tideway.metadata.store.PartitionId;
import io.tideway.metadata.store.SegmentIndexStore;
import io.tideway.metadata.store.SegmentRecord;
import io.tideway.metadata.store.SegmentState;
import io.tideway.metadata.store.UnknownTopicException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a partition's segment index in the metadata store in step with its log: each lifecycle
 * event becomes one metadata transaction (created and truncated: the segment's record as it is;
 * sealed: {@code SEALED}; deleted: the record removed unless the segment is tiered). Writes are
 * chained, so they commit in event order ("created" is never overtaken by "sealed"), without
 * blocking the thread that drives the log. A failed write is logged with the partition, segment
 * and event, and the chain goes on; {@link #reconcile} repairs what a crash or a failure lost.
 *
 * <p>Thread contract: the listener methods are called by the partition's owner (or the worker
 * running a blocking log call for it), as {@link SegmentListener} requires, and never block;
 * {@link #reconcile} and {@link #drained} may be called from any thread. The chain is guarded by
 * a lock held only to append to it.
 */
public final class SegmentIndexRecorder implements SegmentListener {

  private static final Logger log = LoggerFactory.getLogger(SegmentIndexRecorder.class);

  private final SegmentIndexStore store;
  private final PartitionId id;
  private final TopicPartition partition;
  private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null); // guarded

  public SegmentIndexRecorder(SegmentIndexStore store, PartitionId id, TopicPartition partition) {
    this.store = store;
    this.id = id;
    this.partition = partition;
  }

  @Override
  public void segmentCreated(SegmentInfo segment) {
    enqueue("created", segment.baseOffset(), () -> store.put(id, record(segment)));
  }

  @Override
  public void segmentSealed(SegmentInfo segment) {
    enqueue("sealed", segment.baseOffset(), () -> store.put(id, record(segment)));
  }

  @Override
  public void segmentTruncated(SegmentInfo segment) {
    enqueue("truncated", segment.baseOffset(), () -> store.put(id, record(segment)));
  }

  @Override
  public void segmentDeleted(SegmentInfo segment, DeleteReason reason) {
    enqueue("deleted", segment.baseOffset(), () -> store.removeLocal(id, segment.baseOffset()));
  }

  /** Rewrites the index from the log's current segments (after open); queued like an event. */
  public CompletableFuture<Void> reconcile(List<SegmentInfo> segments) {
    List<SegmentRecord> records = segments.stream().map(SegmentIndexRecorder::record).toList();
    return enqueue("reconciled", -1, () -> store.reconcileLocal(id, records));
  }

  /** Completes once every event recorded so far has been written (or has failed). */
  public CompletableFuture<Void> drained() {
    synchronized (this) {
      return tail;
    }
  }

  private CompletableFuture<Void> enqueue(String event, long baseOffset,
      Supplier<CompletableFuture<?>> write) {
    synchronized (this) {
      tail = tail.thenCompose(ignored -> start(write))
          .handle((ignored, error) -> {
            if (error != null) {
              report(event, baseOffset, error);
            }
            return null;
          });
      return tail;
    }
  }

  private static CompletableFuture<?> start(Supplier<CompletableFuture<?>> write) {
    try {
      return write.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void report(String event, long baseOffset, Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null
        ? error.getCause() : error;
    if (cause instanceof UnknownTopicException) {
      log.atDebug().setMessage("Segment index not updated: the topic was deleted")
          .addKeyValue("partition", partition).addKeyValue("event", event)
          .addKeyValue("baseOffset", baseOffset).log();
      return;
    }
    log.atWarn().setMessage("Failed to update the segment index")
        .addKeyValue("partition", partition).addKeyValue("topicId", id.topicId())
        .addKeyValue("event", event).addKeyValue("baseOffset", baseOffset)
        .addKeyValue("reason", cause.toString()).log();
  }

  private static SegmentRecord record(SegmentInfo segment) {
    return new SegmentRecord(segment.baseOffset(), segment.nextOffset(), segment.sizeInBytes(),
        segment.maxTimestamp(), segment.sealed() ? SegmentState.SEALED : SegmentState.ACTIVE);
  }
}
