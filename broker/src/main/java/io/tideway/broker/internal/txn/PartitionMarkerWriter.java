package io.tideway.broker.internal.txn;

import io.tideway.broker.GroupCoordinator;
import io.tideway.broker.Partition;
import io.tideway.broker.PartitionService;
import io.tideway.broker.txn.TransactionCoordinator;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TransactionMarkerWriter} of the engine: for each partition of a decided transaction,
 * in parallel, a partition of {@value TransactionCoordinator#OFFSETS_TOPIC} completes the groups'
 * pending transactional offsets ({@link GroupCoordinator#completeTransaction}); any other
 * partition gets the COMMIT or ABORT control batch ({@link Partition#appendTxnMarker}, coordinator
 * epoch 0: one node coordinates every transaction).
 *
 * <p>A partition whose topic no longer exists is skipped (its data is gone; Kafka drops such
 * markers too). An offline partition fails the write, so that the transaction stays in doubt and
 * is retried. A partition that answers {@code INVALID_PRODUCER_EPOCH} already holds a newer epoch
 * of the producer, so this transaction's marker is obsolete there: skipped with a warning, as
 * Kafka's coordinator stops sending it.
 *
 * <p>Thread-safe and non-blocking; the future completes on a partition-owner or group context.
 */
public final class PartitionMarkerWriter implements TransactionMarkerWriter {

  /** The coordinator epoch written into markers: this node never hands coordination over. */
  static final int COORDINATOR_EPOCH = 0;

  private static final Logger log = LoggerFactory.getLogger(PartitionMarkerWriter.class);

  private final PartitionService partitions;
  private final GroupCoordinator groups;

  /**
   * A writer over the engine's partitions and group coordinator.
   *
   * @param partitions the partitions this node leads
   * @param groups the group coordinator, for the offsets partitions
   */
  public PartitionMarkerWriter(PartitionService partitions, GroupCoordinator groups) {
    this.partitions = Objects.requireNonNull(partitions, "partitions");
    this.groups = Objects.requireNonNull(groups, "groups");
  }

  @Override
  public Future<Void> writeMarkers(long producerId, short epoch, boolean commit,
      Set<TopicPartition> targets) {
    List<Future<Void>> writes = new ArrayList<>(targets.size());
    for (TopicPartition target : targets) {
      Future<Void> write;
      try {
        write = writeOne(target, producerId, epoch, commit);
      } catch (RuntimeException e) {
        write = Future.failedFuture(e);
      }
      writes.add(write.onFailure(error -> log.atWarn()
          .setMessage("Transaction marker not written").addKeyValue("partition", target)
          .addKeyValue("producerId", producerId).addKeyValue("epoch", epoch)
          .addKeyValue("commit", commit).addKeyValue("reason", error.toString()).log()));
    }
    // join, not all: a failed write must not let a retry start while the others still run.
    return Future.join(writes).mapEmpty();
  }

  private Future<Void> writeOne(TopicPartition target, long producerId, short epoch,
      boolean commit) {
    if (target.topic().equals(TransactionCoordinator.OFFSETS_TOPIC)) {
      return groups.completeTransaction(target.partition(), producerId, epoch, commit);
    }
    Optional<Partition> partition = partitions.get(target);
    if (partition.isEmpty()) {
      return missing(target, producerId, null);
    }
    return partition.get().appendTxnMarker(producerId, epoch, COORDINATOR_EPOCH, commit)
        .<Void>mapEmpty()
        .recover(error -> {
          if (error instanceof UnknownTopicOrPartitionException) {
            return missing(target, producerId, error);
          }
          if (error instanceof InvalidProducerEpochException) {
            log.atWarn().setMessage("Partition holds a newer producer epoch; marker not written")
                .addKeyValue("partition", target).addKeyValue("producerId", producerId)
                .addKeyValue("epoch", epoch).addKeyValue("reason", error.getMessage()).log();
            return Future.succeededFuture();
          }
          return Future.failedFuture(error);
        });
  }

  /** A partition that is not open: offline fails the write, deleted is skipped. */
  private Future<Void> missing(TopicPartition target, long producerId, Throwable error) {
    Optional<Throwable> offline = partitions.offlineCause(target);
    if (offline.isPresent()) {
      return Future.failedFuture(new KafkaStorageException("Partition " + target
          + " is offline; its transaction marker is retried", offline.get()));
    }
    if (error != null && partitions.get(target).isPresent()) {
      // Open again (re-created between the lookup and the append): let the retry write it.
      return Future.failedFuture(error);
    }
    log.atInfo().setMessage("Skipping the transaction marker of a deleted partition")
        .addKeyValue("partition", target).addKeyValue("producerId", producerId).log();
    return Future.succeededFuture();
  }
}
