package io.tideway.broker.internal.txn;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * Writes the COMMIT or ABORT control batch of one transaction to each of its partitions. The
 * coordinator calls it for every decided transaction, again after a restart for in-doubt ones, so
 * an implementation must tolerate a repeated call (a second marker for a finished transaction is
 * harmless: it closes nothing).
 *
 * <p>Implementations are thread-safe; the future may complete on any thread.
 */
@FunctionalInterface
public interface TransactionMarkerWriter {

    /**
     * @param producerId the transaction's producer id
     * @param epoch the producer epoch the markers carry
     * @param commit true for COMMIT markers, false for ABORT
     * @param partitions the transaction's partitions
     * @return completes once every marker is appended; fails if any append failed
     */
    CompletableFuture<Void> writeMarkers(long producerId, short epoch, boolean commit, Set<TopicPartition> partitions);
}
