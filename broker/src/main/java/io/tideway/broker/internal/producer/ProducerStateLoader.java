package io.tideway.broker.internal.producer;

import io.tideway.broker.log.BatchHeader;
import io.tideway.broker.log.FetchSlice;
import io.tideway.broker.log.PartitionLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a partition's producer state when its log opens: snapshots above the log end offset
 * (left by a crash that lost the tail) are deleted, the latest remaining readable snapshot is
 * loaded (a damaged one is deleted and the next older tried), then the headers of the batches
 * after it, up to the log end, are replayed. Without a usable snapshot the whole log is scanned
 * from its start offset. Only the 61-byte batch headers are read.
 *
 * <p>Thread contract: blocking (file reads); runs on the {@code tideway-log-io} pool while the
 * partition is being opened and nobody else uses the log. Stateless.
 */
public final class ProducerStateLoader {

  private static final Logger log = LoggerFactory.getLogger(ProducerStateLoader.class);

  private ProducerStateLoader() {
  }

  /**
   * The producer state of {@code log}, with producers idle past the expiration removed.
   *
   * @param nowMs the current time, for expiry
   */
  public static ProducerStateManager load(PartitionLog partitionLog, TopicPartition partition,
      long expirationMs, long nowMs) throws IOException {
    long started = System.nanoTime();
    ProducerStateManager state = new ProducerStateManager(partition, expirationMs);
    long logEnd = partitionLog.logEndOffset();
    ProducerSnapshotFile.deleteIf(partitionLog.dir(), offset -> offset > logEnd);
    long from = partitionLog.logStartOffset();
    List<Long> snapshots = ProducerSnapshotFile.offsets(partitionLog.dir());
    for (int i = snapshots.size() - 1; i >= 0; i--) {
      long offset = snapshots.get(i);
      try {
        Path file = ProducerSnapshotFile.path(partitionLog.dir(), offset);
        state.load(ProducerSnapshotFile.read(file));
        from = Math.max(from, offset);
        break;
      } catch (ProducerSnapshotFile.CorruptSnapshotException e) {
        log.atWarn().setMessage("Deleting a damaged producer snapshot; rebuilding from the log")
            .addKeyValue("partition", partition).addKeyValue("snapshotOffset", offset)
            .addKeyValue("reason", e.getMessage()).log();
        Files.deleteIfExists(ProducerSnapshotFile.path(partitionLog.dir(), offset));
      }
    }
    int replayed = replay(partitionLog, state, from, logEnd);
    int expired = state.removeExpired(nowMs);
    log.atDebug().setMessage("Loaded producer state").addKeyValue("partition", partition)
        .addKeyValue("producers", state.size()).addKeyValue("replayedFrom", from)
        .addKeyValue("replayedBatches", replayed).addKeyValue("expired", expired)
        .addKeyValue("durationMs", (System.nanoTime() - started) / 1_000_000).log();
    return state;
  }

  /** Replays every batch header in {@code [from, logEnd)}; returns how many batches were read. */
  private static int replay(PartitionLog partitionLog, ProducerStateManager state, long from,
      long logEnd) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(BatchHeader.HEADER_SIZE);
    int batches = 0;
    long next = from;
    while (next < logEnd) {
      FetchSlice slice = partitionLog.read(next, Integer.MAX_VALUE, true);
      if (slice.isEmpty()) {
        break;
      }
      long position = slice.position();
      long end = position + slice.sizeInBytes();
      while (position < end) {
        header.clear();
        while (header.hasRemaining()) {
          if (slice.channel().read(header, position + header.position()) < 0) {
            throw new IOException("Segment " + slice.file() + " ended inside a batch header at "
                + position);
          }
        }
        BatchHeader parsed = BatchHeader.parse(header, 0);
        if (parsed.lastOffset() >= from) {
          state.replay(parsed);
          batches++;
        }
        position += parsed.sizeInBytes();
      }
      next = slice.lastOffset() + 1;
    }
    return batches;
  }
}
