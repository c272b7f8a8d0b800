package io.tideway.broker.internal.partition;

import io.tideway.broker.internal.exec.BlockingIo;
import io.tideway.broker.internal.producer.ProducerEntry;
import io.tideway.broker.internal.producer.ProducerSnapshotFile;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a partition's producer-state snapshots on the worker pool, one after another in the order
 * they were taken, keeping the newest {@value #RETAINED} files. The state itself is captured on
 * the owner (immutable entries), so the partition goes on appending while the file is written. A
 * failed write is logged and costs only a longer replay on the next open.
 *
 * <p>Thread contract: {@link #schedule} and {@link #idle} are called on the partition's owning
 * context only (the chain is owner state); {@link #writeNow} is blocking, for a worker acting for
 * the owner.
 */
final class ProducerSnapshots {

  /** Snapshot files kept: the newest, and one before it in case the newest is damaged. */
  static final int RETAINED = 2;
  private static final Logger log = LoggerFactory.getLogger(ProducerSnapshots.class);

  private final Path dir;
  private final TopicPartition partition;
  private final BlockingIo io;
  private Future<Void> tail = Future.succeededFuture();

  ProducerSnapshots(Path dir, TopicPartition partition, BlockingIo io) {
    this.dir = dir;
    this.partition = partition;
    this.io = io;
  }

  /** Queues the snapshot of {@code entries} at {@code offset}; completes once written (or not). */
  Future<Void> schedule(long offset, List<ProducerEntry> entries) {
    tail = tail.transform(ignored -> io.<Void>run(() -> {
      writeNow(offset, entries);
      return null;
    })).recover(error -> {
      log.atWarn().setMessage("Failed to write a producer state snapshot")
          .addKeyValue("partition", partition).addKeyValue("offset", offset)
          .addKeyValue("reason", error.toString()).log();
      return Future.succeededFuture();
    });
    return tail;
  }

  /** Completes once every queued snapshot is written. */
  Future<Void> idle() {
    return tail;
  }

  /** Writes the snapshot now and prunes older files. Blocking. */
  void writeNow(long offset, List<ProducerEntry> entries) throws IOException {
    ProducerSnapshotFile.write(dir, offset, entries);
    List<Long> offsets = ProducerSnapshotFile.offsets(dir);
    if (offsets.size() > RETAINED) {
      long keepFrom = offsets.get(offsets.size() - RETAINED);
      ProducerSnapshotFile.deleteIf(dir, existing -> existing < keepFrom);
    }
  }
}
