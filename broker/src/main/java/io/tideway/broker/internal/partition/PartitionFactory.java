package io.tideway.broker.internal.partition;

import io.tideway.broker.internal.exec.BlockingIo;
import io.tideway.broker.internal.exec.EventLoopContexts;
import io.tideway.broker.internal.exec.OperationQueue;
import io.tideway.broker.internal.logdir.LogDirs;
import io.tideway.broker.internal.logdir.PartitionDirs;
import io.tideway.broker.internal.logdir.PartitionMetadataFile;
import io.tideway.broker.internal.producer.ProducerStateLoader;
import io.tideway.broker.internal.producer.ProducerStateManager;
import io.tideway.broker.log.LogConfig;
import io.tideway.broker.log.PartitionLog;
import io.tideway.broker.log.SegmentInfo;
import io.tideway.metadata.store.PartitionId;
import io.tideway.metadata.store.SegmentIndexStore;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens partitions: on the worker pool, opens (or creates) the log in
 * {@code <log dir>/<topic>-<partition>} with crash recovery, records the topic id in
 * {@code partition.metadata}, rebuilds the producer state and loads the leader epochs; then picks
 * the owning context by hash, builds the {@link LocalPartition} and reconciles the segment index in
 * the metadata store with the log's segments.
 *
 * <p>Thread contract: thread-safe (immutable collaborators). The returned futures complete on a
 * Vert.x or metadata thread; a failure (e.g. {@code CorruptSegmentException}) leaves nothing open.
 */
public final class PartitionFactory {

  /** The only leader epoch on a single node, until leadership can move. */
  public static final int SINGLE_NODE_LEADER_EPOCH = 0;

  private static final Logger log = LoggerFactory.getLogger(PartitionFactory.class);

  /** What a blocking open produced, handed to the partition's owner. */
  record Opened(TopicPartition partition, Uuid topicId, PartitionLog log,
      ProducerStateManager producers, LeaderEpochCache epochs, PartitionSegmentEvents events,
      List<SegmentInfo> segments) {
  }

  private final BlockingIo io;
  private final EventLoopContexts contexts;
  private final SegmentIndexStore segmentIndex;
  private final Clock clock;
  private final long producerIdExpirationMs;

  public PartitionFactory(BlockingIo io, EventLoopContexts contexts, SegmentIndexStore segmentIndex,
      Clock clock, long producerIdExpirationMs) {
    this.io = io;
    this.contexts = contexts;
    this.segmentIndex = segmentIndex;
    this.clock = clock;
    this.producerIdExpirationMs = producerIdExpirationMs;
  }

  /**
   * Opens or creates the log of {@code partition} in {@code logDir}.
   *
   * @param retentionDeletes whether retention may delete segments (cleanup.policy)
   */
  public Future<LocalPartition> open(TopicPartition partition, Uuid topicId, LogDirs.LogDir logDir,
      LogConfig config, boolean retentionDeletes) {
    if (!logDir.online()) {
      return Future.failedFuture(new KafkaStorageException("Log directory " + logDir.path()
          + " is offline", logDir.error()));
    }
    PartitionId id = new PartitionId(new UUID(topicId.getMostSignificantBits(),
        topicId.getLeastSignificantBits()), partition.partition());
    PartitionSegmentEvents events =
        new PartitionSegmentEvents(new SegmentIndexRecorder(segmentIndex, id, partition));
    return io.run(() -> openBlocking(partition, topicId, logDir, config, events))
        .compose(opened -> {
          LocalPartition local = new LocalPartition(opened,
              new OperationQueue(contexts.forKey(partition)), io, clock, retentionDeletes);
          return Future.fromCompletionStage(events.recorder().reconcile(opened.segments()))
              .map(ignored -> local);
        });
  }

  private Opened openBlocking(TopicPartition partition, Uuid topicId, LogDirs.LogDir logDir,
      LogConfig config, PartitionSegmentEvents events) {
    Path dir = PartitionDirs.dir(logDir.path(), partition);
    PartitionLog partitionLog = PartitionLog.open(dir, config, logDir.flusher(), events, clock);
    try {
      if (!PartitionMetadataFile.read(dir).equals(Optional.of(topicId))) {
        PartitionMetadataFile.write(dir, topicId);
      }
      ProducerStateManager producers = ProducerStateLoader.load(partitionLog, partition,
          producerIdExpirationMs, clock.millis());
      LeaderEpochCache epochs = LeaderEpochCache.load(dir, SINGLE_NODE_LEADER_EPOCH,
          partitionLog.logStartOffset(), partitionLog.logEndOffset());
      log.atDebug().setMessage("Opened partition").addKeyValue("partition", partition)
          .addKeyValue("dir", dir).addKeyValue("logStartOffset", partitionLog.logStartOffset())
          .addKeyValue("logEndOffset", partitionLog.logEndOffset())
          .addKeyValue("producers", producers.size()).log();
      return new Opened(partition, topicId, partitionLog, producers, epochs, events,
          partitionLog.segments());
    } catch (IOException | RuntimeException e) {
      try {
        partitionLog.close();
      } catch (RuntimeException closeFailure) {
        e.addSuppressed(closeFailure);
      }
      throw e instanceof KafkaStorageException storage ? storage
          : new KafkaStorageException("Failed to open partition " + partition + " in " + dir
              + ": " + e.getMessage(), e);
    }
  }
}
