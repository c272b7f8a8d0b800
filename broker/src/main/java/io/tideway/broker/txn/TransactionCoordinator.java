package io.tideway.broker.txn;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;

/**
 * The transaction coordinator of this node (it coordinates every transactional id): Kafka's
 * transaction protocol with transaction version 1 (epoch bumped by InitProducerId and timeouts)
 * and transaction version 2 (KIP-890: the epoch is bumped at the end of every transaction,
 * partitions are added implicitly by produce and TxnOffsetCommit).
 *
 * <p>Each transactional id's state (producer id, epoch, state, partitions, timeout, timestamps,
 * client transaction version) lives in the metadata store and is stored before the coordinator
 * acts on it: a commit or abort decision is durable before any marker is written, so a restart
 * completes every decided transaction; transactions left ongoing are aborted once they time out.
 *
 * <p>Failures are Kafka {@code ApiException}s in the failed future, for front ends to map with
 * {@code Errors.forException}: {@code ProducerFencedException}, {@code InvalidProducerEpochException},
 * {@code InvalidPidMappingException}, {@code ConcurrentTransactionsException},
 * {@code InvalidTxnStateException}, {@code InvalidTxnTimeoutException},
 * {@code CoordinatorLoadInProgressException} (while recovering after a start).
 *
 * <p>Thread contract: thread-safe and non-blocking; the changes of one transactional id run one
 * at a time. Futures complete on a metadata-store or partition-owner thread: callers hop back to
 * their own context.
 */
public interface TransactionCoordinator {

  /** The internal topic whose partitions stand for consumer groups' offsets in a transaction. */
  String OFFSETS_TOPIC = "__consumer_offsets";

  /** Partitions of {@link #OFFSETS_TOPIC}, as Kafka's default {@code offsets.topic.num.partitions}. */
  int OFFSETS_PARTITIONS = 50;

  /**
   * @param groupId a consumer group id
   * @return the {@link #OFFSETS_TOPIC} partition that stands for the group in a transaction
   */
  static TopicPartition offsetsPartitionFor(String groupId) {
    return new TopicPartition(OFFSETS_TOPIC, (groupId.hashCode() & 0x7fffffff) % OFFSETS_PARTITIONS);
  }

  /**
   * InitProducerId with a transactional id: a new producer id for a new transactional id, else a
   * bumped epoch (fencing older producers); an ongoing transaction is aborted first and the call
   * fails with {@code ConcurrentTransactionsException} until the abort is complete (the client
   * retries). With {@code expectedProducerId}/{@code expectedEpoch} (KIP-360) a stale caller is
   * fenced with {@code ProducerFencedException}.
   *
   * @param transactionalId the transactional id
   * @param transactionTimeoutMs the requested timeout, at most {@code transaction.max.timeout.ms}
   * @param expectedProducerId the producer id the client holds, -1 for none
   * @param expectedEpoch the epoch the client holds, -1 for none
   * @return the producer id and epoch to use
   */
  Future<ProducerIdAndEpoch> initProducerId(String transactionalId, int transactionTimeoutMs,
      long expectedProducerId, short expectedEpoch);

  /**
   * AddPartitionsToTxn, and the produce path's check (KIP-890).
   *
   * @param transactionalId the transactional id
   * @param producerId the producer id
   * @param producerEpoch the producer epoch
   * @param partitions the partitions
   * @param mode whether to add, only verify, or add implicitly for a transaction-version-2 produce
   * @return the error per partition ({@link Errors#NONE} for partitions in the transaction); a
   *     request-level failure fails the future
   */
  Future<Map<TopicPartition, Errors>> addPartitions(String transactionalId, long producerId,
      short producerEpoch, Set<TopicPartition> partitions, AddMode mode);

  /**
   * AddOffsetsToTxn (and the implicit add of a transaction-version-2 TxnOffsetCommit): adds
   * {@link #offsetsPartitionFor the group's offsets partition} to the transaction.
   */
  Future<Void> addOffsets(String transactionalId, long producerId, short producerEpoch,
      String groupId);

  /**
   * EndTxn: stores the decision, writes COMMIT or ABORT markers to every partition of the
   * transaction (and completes the groups' transactional offsets), then stores the completed
   * state. A retry of a completed EndTxn succeeds again.
   *
   * @param clientTransactionVersion 2 when the client sent EndTxn v5+, else 1 (under version 2
   *     the epoch is bumped and returned)
   * @return the producer id and epoch the client uses next
   */
  Future<ProducerIdAndEpoch> endTransaction(String transactionalId, long producerId,
      short producerEpoch, boolean commit, short clientTransactionVersion);

  /** DescribeTransactions: the state of one transactional id, empty when unknown. */
  Future<Optional<TransactionDescription>> describe(String transactionalId);

  /** ListTransactions: every known transactional id's state, ordered by id (front ends filter). */
  Future<List<TransactionDescription>> list();

  /** How {@link #addPartitions} treats partitions not yet in the transaction. */
  enum AddMode {
    /** AddPartitionsToTxn: add them (the transaction becomes ongoing). */
    ADD,
    /** AddPartitionsToTxn v4+ verifyOnly, and produce v3-v11 (KIP-890 part 1): report them. */
    VERIFY,
    /** Produce v12+ (transaction version 2): add them implicitly. */
    ADD_FOR_PRODUCE
  }
}
