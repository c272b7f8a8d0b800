package io.tideway.broker.txn;

import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * One transactional id's state as DescribeTransactions and ListTransactions report it. Immutable.
 *
 * @param transactionalId the transactional id
 * @param producerId the producer id
 * @param producerEpoch the producer epoch
 * @param state Kafka's state name as the admin API reports it ({@code Empty}, {@code Ongoing},
 *     {@code PrepareCommit}, {@code PrepareAbort}, {@code CompleteCommit}, {@code CompleteAbort},
 *     {@code PrepareEpochFence}, {@code Dead})
 * @param timeoutMs the transaction timeout
 * @param startTimestamp when the ongoing transaction started, -1 when none is
 * @param lastUpdateTimestamp when the state last changed
 * @param partitions the partitions in the transaction
 */
public record TransactionDescription(String transactionalId, long producerId, short producerEpoch,
    String state, int timeoutMs, long startTimestamp, long lastUpdateTimestamp,
    Set<TopicPartition> partitions) {

  /** Copies the partitions. */
  public TransactionDescription {
    partitions = Set.copyOf(partitions);
  }
}
