package io.tideway.broker.internal.partition;

import io.tideway.broker.internal.producer.CompletedTxn;
import io.tideway.broker.internal.producer.ProducerStateManager;
import io.tideway.broker.log.AbortedTransaction;
import io.tideway.broker.log.LogAppendResult;
import io.tideway.broker.log.PartitionLog;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The marker path of one partition: checks a transaction coordinator's COMMIT/ABORT marker
 * against the producer state (epoch, coordinator epoch), appends it as a control batch at the log
 * end, ends the producer's transaction, and for an abort of a transaction that wrote data here
 * records the aborted transaction in the segment's {@code .txnindex} with the last stable offset
 * of that moment (Kafka's {@code UnifiedLog.append} for {@code AppendOrigin.COORDINATOR}).
 *
 * <p>Thread contract: owned by its {@link LocalPartition}; {@link #append} runs on the owning
 * context inside a queued operation. Invariant: the producer state changes only after the log
 * accepted the marker.
 */
final class TxnMarkerAppender {

  private static final Logger log = LoggerFactory.getLogger(TxnMarkerAppender.class);

  /**
   * An appended marker.
   *
   * @param offset the marker's offset
   * @param durable completes once the marker (and its index entry) are durable under
   *     {@code group-commit}, on the flusher thread; complete under {@code none}
   */
  record Appended(long offset, CompletableFuture<Void> durable) {
  }

  private final TopicPartition partition;
  private final PartitionLog partitionLog;
  private final ProducerStateManager producers;
  private final int leaderEpoch;
  private final Clock clock;

  TxnMarkerAppender(TopicPartition partition, PartitionLog partitionLog,
      ProducerStateManager producers, int leaderEpoch, Clock clock) {
    this.partition = partition;
    this.partitionLog = partitionLog;
    this.producers = producers;
    this.leaderEpoch = leaderEpoch;
    this.clock = clock;
  }

  /**
   * Appends the marker.
   *
   * @throws org.apache.kafka.common.errors.InvalidProducerEpochException if the marker's epoch is
   *     below the producer's
   * @throws org.apache.kafka.common.errors.TransactionCoordinatorFencedException if its
   *     coordinator epoch is below the producer's last marker's
   */
  Appended append(long producerId, short producerEpoch, int coordinatorEpoch, boolean commit) {
    long offset = partitionLog.logEndOffset();
    producers.checkMarker(producerId, producerEpoch, coordinatorEpoch, offset);
    long now = clock.millis();
    MemoryRecords marker = MemoryRecords.withEndTransactionMarker(offset, now, leaderEpoch,
        producerId, producerEpoch, new EndTransactionMarker(
            commit ? ControlRecordType.COMMIT : ControlRecordType.ABORT, coordinatorEpoch));
    LogAppendResult result = partitionLog.append(marker, leaderEpoch);
    Optional<CompletedTxn> completed = producers.completeMarker(producerId, producerEpoch,
        coordinatorEpoch, commit, result.firstOffset(), now);
    CompletableFuture<Void> durable = result.durable();
    if (completed.isPresent() && completed.get().aborted()) {
      CompletedTxn txn = completed.get();
      CompletableFuture<Void> indexed = partitionLog.appendAbortedTransaction(
          new AbortedTransaction(producerId, txn.firstOffset(), txn.lastOffset(),
              producers.lastStableOffsetAfter(txn)));
      durable = CompletableFuture.allOf(durable, indexed);
    }
    log.atDebug().setMessage("Appended transaction marker").addKeyValue("partition", partition)
        .addKeyValue("producerId", producerId).addKeyValue("producerEpoch", producerEpoch)
        .addKeyValue("coordinatorEpoch", coordinatorEpoch).addKeyValue("commit", commit)
        .addKeyValue("offset", result.firstOffset())
        .addKeyValue("transactionFirstOffset",
            completed.map(CompletedTxn::firstOffset).orElse(-1L)).log();
    return new Appended(result.firstOffset(), durable);
  }
}
