package io.tideway.broker.internal.producer;

import io.tideway.broker.log.PartitionLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a partition's producer state when its log opens: snapshots above the log end offset
 * (left by a crash that lost the tail) are deleted, the latest remaining readable snapshot is
 * loaded (a damaged one is deleted and the next older tried), then the log after it, up to the log
 * end, is replayed ({@link LogReplay}): data batch headers, and the markers that end
 * transactions. Without a usable snapshot the whole log is replayed from its start offset.
 *
 * <p>When the log emptied transaction indexes at open ({@link
 * PartitionLog#transactionIndexRebuildOffset}), the snapshot must not be past that offset, and the
 * replay writes every aborted transaction from there on back to the indexes before telling the log
 * they are complete. So ongoing transactions, the last stable offset and the aborted-transaction
 * index survive a restart, clean or not.
 *
 * <p>Thread contract: blocking (file reads); runs on the {@code tideway-log-io} pool while the
 * partition is being opened and nobody else uses the log. Stateless.
 */
public final class ProducerStateLoader {

  private static final Logger log = LoggerFactory.getLogger(ProducerStateLoader.class);

  private ProducerStateLoader() {
  }

  /**
   * The producer state of {@code log}, with producers idle past the expiration removed (except
   * those with an ongoing transaction).
   *
   * @param nowMs the current time, for expiry
   */
  public static ProducerStateManager load(PartitionLog partitionLog, TopicPartition partition,
      long expirationMs, long nowMs) throws IOException {
    long started = System.nanoTime();
    ProducerStateManager state = new ProducerStateManager(partition, expirationMs);
    long logEnd = partitionLog.logEndOffset();
    OptionalLong indexFrom = partitionLog.transactionIndexRebuildOffset();
    ProducerSnapshotFile.deleteIf(partitionLog.dir(), offset -> offset > logEnd);
    long from = loadLatestSnapshot(partitionLog, partition, state, indexFrom.orElse(logEnd));
    LogReplay replay = new LogReplay(partitionLog, state, indexFrom.orElse(Long.MAX_VALUE));
    replay.run(from, logEnd);
    if (indexFrom.isPresent()) {
      partitionLog.transactionIndexRebuilt();
    }
    // Everything in a freshly opened log is durable: no completed transaction is unreplicated.
    state.onHighWatermarkUpdated(logEnd);
    int expired = state.removeExpired(nowMs);
    log.atDebug().setMessage("Loaded producer state").addKeyValue("partition", partition)
        .addKeyValue("producers", state.size()).addKeyValue("replayedFrom", from)
        .addKeyValue("replayedBatches", replay.batches())
        .addKeyValue("ongoingTransactions", state.ongoingTransactions())
        .addKeyValue("rebuiltAbortedTransactions", replay.indexedAborts())
        .addKeyValue("expired", expired)
        .addKeyValue("durationMs", (System.nanoTime() - started) / 1_000_000).log();
    return state;
  }

  /**
   * Loads the latest readable snapshot at or below {@code limit} into {@code state} and returns
   * where the replay starts: the snapshot's offset, or the log start offset without one.
   */
  private static long loadLatestSnapshot(PartitionLog partitionLog, TopicPartition partition,
      ProducerStateManager state, long limit) throws IOException {
    long logStart = partitionLog.logStartOffset();
    List<Long> snapshots = ProducerSnapshotFile.offsets(partitionLog.dir());
    for (int i = snapshots.size() - 1; i >= 0; i--) {
      long offset = snapshots.get(i);
      if (offset > limit) {
        continue;
      }
      Path file = ProducerSnapshotFile.path(partitionLog.dir(), offset);
      try {
        state.load(ProducerSnapshotFile.read(file));
        return Math.max(logStart, offset);
      } catch (ProducerSnapshotFile.CorruptSnapshotException e) {
        log.atWarn().setMessage("Deleting a damaged producer snapshot; rebuilding from the log")
            .addKeyValue("partition", partition).addKeyValue("snapshotOffset", offset)
            .addKeyValue("reason", e.getMessage()).log();
        Files.deleteIfExists(file);
      }
    }
    return logStart;
  }
}
