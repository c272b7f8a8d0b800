package io.tideway.broker.internal.group;

import io.tideway.broker.GroupRequestContext;
import io.tideway.metadata.store.CommittedOffset;
import io.tideway.metadata.store.PartitionName;
import io.tideway.metadata.store.TransactionalOffsetStore.CompletedGroup;
import io.tideway.metadata.store.TransactionalOffsetStore.StageResult;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shard's side of transactional offset commits (KIP-98, KIP-447): TxnOffsetCommit validates
 * the group and member ({@link TxnOffsetCommitValidator}) and each partition, then stages the
 * offsets as pending for the producer in the metadata store; the transaction's marker
 * ({@code GroupCoordinatorService#completeTransaction}) commits or drops them in the store and
 * then tells the owning shard here ({@link #completed}).
 *
 * <p>A group that only has pending offsets exists (Empty, like Kafka's "simple" group) and is
 * recorded as having offsets, so that fetches read the store and expiry keeps it until the
 * transaction ends.
 *
 * <p>Thread contract: not thread-safe; every method runs on the owning context, and so do the
 * completions of its futures.
 */
final class TxnOffsetCommits {

  private static final Logger log = LoggerFactory.getLogger(TxnOffsetCommits.class);

  private final ClassicGroups classic;
  private final ConsumerGroups consumer;
  private final GroupOffsets offsets;
  private final GroupScheduler scheduler;
  private final GroupSettings settings;

  TxnOffsetCommits(ClassicGroups classic, ConsumerGroups consumer, GroupOffsets offsets,
      GroupScheduler scheduler, GroupSettings settings) {
    this.classic = classic;
    this.consumer = consumer;
    this.offsets = offsets;
    this.scheduler = scheduler;
    this.settings = settings;
  }

  /**
   * TxnOffsetCommit of a non-empty group id. Request-level errors answer every partition; a
   * partition with too large metadata (OFFSET_METADATA_TOO_LARGE), a negative offset
   * (INVALID_COMMIT_OFFSET_SIZE) or a negative index (UNKNOWN_TOPIC_OR_PARTITION) fails alone. A
   * producer epoch older than one already seen for the producer answers INVALID_PRODUCER_EPOCH,
   * as Kafka's producer state on the offsets partition does.
   */
  Future<TxnOffsetCommitResponseData> commit(GroupRequestContext context,
      TxnOffsetCommitRequestData request) {
    String groupId = request.groupId();
    Errors error = TxnOffsetCommitValidator.validate(classic.get(groupId),
        consumer.get(groupId), request, context.apiVersion());
    if (error != Errors.NONE) {
      return Future.succeededFuture(TxnOffsetCommitResponses.all(request, error));
    }
    long now = scheduler.nowMs();
    Map<PartitionName, CommittedOffset> accepted = new LinkedHashMap<>();
    var response = new TxnOffsetCommitResponseData();
    for (var topic : request.topics()) {
      response.topics().add(TxnOffsetCommitResponses.topic(topic.name()));
      for (var partition : topic.partitions()) {
        Errors partitionError = validatePartition(partition);
        if (partitionError == Errors.NONE) {
          accepted.put(new PartitionName(topic.name(), partition.partitionIndex()),
              new CommittedOffset(partition.committedOffset(),
                  Math.max(-1, partition.committedLeaderEpoch()), partition.committedMetadata(),
                  now));
        }
        TxnOffsetCommitResponses.add(response, partition.partitionIndex(), partitionError);
      }
    }
    if (accepted.isEmpty()) {
      return Future.succeededFuture(response);
    }
    classic.offsetWriteStarted(groupId);
    return offsets.stage(request.producerId(), request.producerEpoch(), groupId, accepted)
        .map(result -> {
          if (result == StageResult.FENCED) {
            log.atInfo().setMessage("Refused transactional offsets of an older producer epoch")
                .addKeyValue("groupId", groupId).addKeyValue("producerId", request.producerId())
                .addKeyValue("producerEpoch", request.producerEpoch()).log();
            return TxnOffsetCommitResponses.all(request, Errors.INVALID_PRODUCER_EPOCH);
          }
          ensureGroup(groupId);
          return response;
        });
  }

  /** Records the effect of a transaction's marker on a group of this shard. */
  void completed(CompletedGroup done) {
    if (!done.committed().isEmpty()) {
      ensureGroup(done.group());
    }
    // On abort the group may be left without offsets: the expiry pass forgets it, as Kafka's
    // periodic clean-up removes an empty group without offsets or open transactions.
  }

  private Errors validatePartition(
      TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition partition) {
    String metadata = partition.committedMetadata();
    if (partition.partitionIndex() < 0) {
      return Errors.UNKNOWN_TOPIC_OR_PARTITION;
    }
    if (metadata != null && metadata.length() > settings.offsetMetadataMaxBytes()) {
      return Errors.OFFSET_METADATA_TOO_LARGE;
    }
    return partition.committedOffset() < 0 ? Errors.INVALID_COMMIT_OFFSET_SIZE : Errors.NONE;
  }

  private void ensureGroup(String groupId) {
    if (!consumer.contains(groupId)) {
      classic.getOrCreate(groupId);
    }
    classic.setHasOffsets(groupId, true);
  }
}
