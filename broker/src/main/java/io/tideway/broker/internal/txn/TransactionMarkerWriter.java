package io.tideway.broker.internal.txn;

import io.vertx.core.Future;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Writes the COMMIT or ABORT marker of one decided transaction to each of its partitions. The
 * coordinator calls it for every decision, and again for a transaction still in doubt (after a
 * failed write, and after a restart), so an implementation must tolerate repeated calls: a second
 * marker for a finished transaction closes nothing.
 *
 * <p>Implementations are thread-safe and non-blocking; the future may complete on any thread.
 */
@FunctionalInterface
public interface TransactionMarkerWriter {

  /**
   * Writes the markers.
   *
   * @param producerId the transaction's producer id
   * @param epoch the producer epoch the markers carry
   * @param commit true for COMMIT markers, false for ABORT
   * @param partitions the transaction's partitions
   * @return completes once every marker is written; fails if any write failed (after every write
   *     has finished, so that a retry never overlaps them)
   */
  Future<Void> writeMarkers(long producerId, short epoch, boolean commit,
      Set<TopicPartition> partitions);
}
