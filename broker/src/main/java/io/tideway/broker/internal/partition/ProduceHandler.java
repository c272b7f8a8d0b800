package io.tideway.broker.internal.partition;

import io.tideway.broker.Partition.ProduceResult;
import io.tideway.broker.internal.producer.BatchMetadata;
import io.tideway.broker.internal.producer.ProducerAppend;
import io.tideway.broker.internal.producer.ProducerBatches;
import io.tideway.broker.internal.producer.ProducerEntry;
import io.tideway.broker.internal.producer.ProducerStateManager;
import io.tideway.broker.log.BatchHeader;
import io.tideway.broker.log.BatchValidator;
import io.tideway.broker.log.LogAppendResult;
import io.tideway.broker.log.LogConfig;
import io.tideway.broker.log.PartitionLog;
import io.tideway.broker.log.SegmentInfo;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The produce path of one partition: idempotent and transactional producer checks, the append,
 * the producer state update (which opens transactions), and the wait for durability that
 * {@code acks=-1} needs under {@code group-commit}. Also takes the producer-state snapshots (at
 * each roll, after delete-records and on close).
 *
 * <p>Order of checks, as Kafka's: a batch that is damaged is reported as such even when its
 * sequence is also wrong, and a retried duplicate is still validated. To avoid checksumming every
 * batch twice, the full validation runs here only when the producer state refuses the append or
 * finds a duplicate; otherwise the log's own validation is the only one.
 *
 * <p>Thread contract: owned by its {@link LocalPartition}; every method except
 * {@link #awaitDurable} runs on the owning context inside a queued operation.
 */
final class ProduceHandler {

  private static final Logger log = LoggerFactory.getLogger(ProduceHandler.class);
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  /**
   * An append's answer and the future of its durability.
   *
   * @param endOffset the offset after the appended (or originally appended) batches: the high
   *     watermark that makes the answer visible
   */
  record Appended(ProduceResult result, long endOffset, CompletableFuture<Void> durable) {
  }

  private final LocalPartition owner;
  private final PartitionLog partitionLog;
  private final ProducerStateManager producers;
  private final ProducerSnapshots snapshots;
  private final Clock clock;

  ProduceHandler(LocalPartition owner, PartitionLog partitionLog, ProducerStateManager producers,
      ProducerSnapshots snapshots, Clock clock) {
    this.owner = owner;
    this.partitionLog = partitionLog;
    this.producers = producers;
    this.snapshots = snapshots;
    this.clock = clock;
  }

  /** Checks and appends {@code records}; the producer state follows only a successful append. */
  Appended append(MemoryRecords records) {
    ByteBuffer buffer = records.buffer();
    LogConfig config = partitionLog.config();
    Optional<List<BatchHeader>> headers = ProducerBatches.headers(buffer);
    ProducerAppend check;
    try {
      check = headers.isPresent()
          ? producers.check(headers.get(), partitionLog.logEndOffset()) : ProducerAppend.NONE;
    } catch (ApiException refused) {
      validate(buffer, config);
      throw refused;
    }
    if (check.isDuplicate()) {
      validate(buffer, config);
      return duplicate(check.duplicate(), config);
    }
    LogAppendResult result = partitionLog.append(records, owner.leaderEpoch());
    producers.commit(check, result.logAppendTime(), clock.millis());
    owner.refreshOffsets();
    if (!result.durable().isDone()) {
      result.durable().whenComplete((ignored, error) -> owner.scheduleHighWatermarkRefresh());
    }
    return new Appended(new ProduceResult(result.firstOffset(), result.logAppendTime(),
        result.logStartOffset()), result.lastOffset() + 1, result.durable());
  }

  /**
   * Completes with the answer once the append is durable and the high watermark covers it
   * (immediately under {@code none}). Fails with the fsync's {@code KafkaStorageException}.
   */
  Future<ProduceResult> awaitDurable(Appended appended) {
    return owner.awaitDurable(appended.durable(), appended.endOffset(), appended.result());
  }

  private Appended duplicate(BatchMetadata original, LogConfig config) {
    long appendTime = config.timestampType() == TimestampType.LOG_APPEND_TIME
        ? original.timestamp() : -1;
    // The original may still wait for its fsync; a flush queued now completes after it.
    CompletableFuture<Void> durable = original.lastOffset() < partitionLog.durableEndOffset()
        ? DONE : partitionLog.flush();
    log.atDebug().setMessage("Duplicate produce answered with the original offsets")
        .addKeyValue("partition", owner.topicPartition())
        .addKeyValue("firstOffset", original.firstOffset())
        .addKeyValue("firstSeq", original.firstSeq()).log();
    return new Appended(new ProduceResult(original.firstOffset(), appendTime,
        partitionLog.logStartOffset()), original.lastOffset() + 1, durable);
  }

  private static void validate(ByteBuffer buffer, LogConfig config) {
    BatchValidator.validateAll(buffer, config.maxMessageBytes(), BatchValidator.Mode.PRODUCER);
  }

  /** Roll hook (owner, inside the append or roll that sealed {@code sealed}). */
  void snapshotAtRoll(SegmentInfo sealed) {
    producers.removeExpired(clock.millis());
    snapshots.schedule(sealed.nextOffset(), producers.entries());
  }

  /**
   * Snapshots the state at the log end offset (owner): after delete-records moved the log start,
   * so that the next open never replays from a snapshot below it, which would miss the markers of
   * transactions that ended in between.
   */
  void snapshotNow() {
    snapshots.schedule(partitionLog.logEndOffset(), producers.entries());
  }

  /** Forgets producers idle past {@code producer.id.expiration.ms}. */
  void expireProducers() {
    int expired = producers.removeExpired(clock.millis());
    if (expired > 0) {
      log.atDebug().setMessage("Expired idle producers").addKeyValue("partition",
          owner.topicPartition()).addKeyValue("count", expired).log();
    }
  }

  /** Completes when every queued snapshot is written. */
  Future<Void> idle() {
    return snapshots.idle();
  }

  /** Captures the state for the closing snapshot at the log end offset (owner). */
  SnapshotTask closingSnapshot() {
    producers.removeExpired(clock.millis());
    long offset = partitionLog.logEndOffset();
    List<ProducerEntry> entries = producers.entries();
    return () -> snapshots.writeNow(offset, entries);
  }

  /** A snapshot write to run on a worker. */
  @FunctionalInterface
  interface SnapshotTask {
    void write() throws IOException;
  }
}
