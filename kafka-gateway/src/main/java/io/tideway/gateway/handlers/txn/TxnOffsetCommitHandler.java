package io.tideway.gateway.handlers.txn;

import io.tideway.broker.GroupCoordinator;
import io.tideway.broker.GroupRequestContext;
import io.tideway.broker.TopicInfo;
import io.tideway.broker.TopicService;
import io.tideway.broker.txn.TransactionCoordinator;
import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.tideway.gateway.handlers.data.PartitionResolver;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.TxnOffsetCommitRequest;
import org.apache.kafka.common.requests.TxnOffsetCommitResponse;

/**
 * TxnOffsetCommit (API key 28), v0-v6, following Kafka's {@code
 * KafkaApis.handleTxnOffsetCommitRequest} and the group coordinator's transactional write:
 *
 * <ol>
 *   <li>Topics are checked first: v6 names them by id (KIP-1319), an unknown id gets {@code
 *       UNKNOWN_TOPIC_ID}; v0-v5 name them, an unknown topic gets {@code
 *       UNKNOWN_TOPIC_OR_PARTITION}, and so does an unknown partition of a known topic. Those
 *       partitions are left out of the commit; when none is left, nothing else happens.
 *   <li>An empty group id: {@code INVALID_GROUP_ID} for the remaining partitions.
 *   <li>v5+ (transaction version 2, KIP-890) adds the group's offsets partition to the
 *       transaction first ({@link TransactionCoordinator#addOffsets}), since such clients skip
 *       AddOffsetsToTxn. Its failure answers every remaining partition, with the coordinator
 *       runtime's translation ({@link TxnOffsetCommitErrors}).
 *   <li>{@link GroupCoordinator#commitTransactionalOffsets} stores the offsets as pending for the
 *       transaction (generation and member checks are the coordinator's); a failed future answers
 *       every remaining partition with its error.
 * </ol>
 *
 * <p>Thread contract: stateless and thread-safe; {@link #handle} never blocks.
 */
public final class TxnOffsetCommitHandler implements ApiHandler {

    private static final short FIRST_V2_VERSION =
            TxnOffsetCommitRequest.LAST_STABLE_VERSION_BEFORE_TRANSACTION_V2 + 1;

    private final Supplier<TransactionCoordinator> coordinator;
    private final GroupCoordinator groups;
    private final TopicService topics;
    private final PartitionResolver resolver;

    /**
     * @param coordinator the node's transaction coordinator, looked up per request
     * @param groups the node's group coordinator
     * @param topics the topic catalogue (v6 topic ids)
     * @param resolver the partition catalogue
     */
    public TxnOffsetCommitHandler(Supplier<TransactionCoordinator> coordinator,
            GroupCoordinator groups, TopicService topics, PartitionResolver resolver) {
        this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
        this.groups = Objects.requireNonNull(groups, "groups");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.TXN_OFFSET_COMMIT;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 6;
    }

    @Override
    public Future<Reply> handle(RequestContext context, AbstractRequest request) {
        TxnOffsetCommitRequestData data = ((TxnOffsetCommitRequest) request).data();
        short version = request.version();
        TxnOffsetCommitResults results = new TxnOffsetCommitResults(
                TxnOffsetCommitResponse.useTopicIds(version));
        List<TxnOffsetCommitRequestTopic> valid = validTopics(data, version, results);
        if (valid.isEmpty()) {
            return Future.succeededFuture(results.reply());
        }
        TxnOffsetCommitRequestData commit = data.duplicate().setTopics(valid);
        if (data.groupId().isEmpty()) {
            results.failAll(commit, Errors.INVALID_GROUP_ID);
            return Future.succeededFuture(results.reply());
        }
        Future<Void> added = version >= FIRST_V2_VERSION
                ? CoordinatorCalls.call(() -> coordinator.get().addOffsets(data.transactionalId(),
                        data.producerId(), data.producerEpoch(), data.groupId()))
                : Future.succeededFuture();
        return added.transform(add -> {
            if (add.failed()) {
                results.failAll(commit, TxnOffsetCommitErrors.forImplicitAdd(
                        CoordinatorCalls.error(apiKey(), data.transactionalId(), add.cause())));
                return Future.succeededFuture(results.reply());
            }
            return CoordinatorCalls.call(() -> groups.commitTransactionalOffsets(
                            groupContext(context), commit))
                    .map(response -> {
                        results.merge(response);
                        return results.reply();
                    })
                    .otherwise(failure -> {
                        results.failAll(commit, TxnOffsetCommitErrors.forCommit(
                                CoordinatorCalls.error(apiKey(), data.groupId(), failure)));
                        return results.reply();
                    });
        });
    }

    /**
     * The topics with their known partitions, named (v6 ids resolved); the rest is answered in
     * {@code results}.
     */
    private List<TxnOffsetCommitRequestTopic> validTopics(TxnOffsetCommitRequestData data,
            short version, TxnOffsetCommitResults results) {
        boolean byId = TxnOffsetCommitResponse.useTopicIds(version);
        List<TxnOffsetCommitRequestTopic> valid = new ArrayList<>();
        for (TxnOffsetCommitRequestTopic topic : data.topics()) {
            String name = topic.name();
            if (byId) {
                Optional<TopicInfo> info = topics.byId(topic.topicId());
                if (info.isEmpty()) {
                    results.failTopic(topic, Errors.UNKNOWN_TOPIC_ID);
                    continue;
                }
                name = info.get().name();
                results.rememberId(name, topic.topicId());
            }
            TxnOffsetCommitRequestTopic known = new TxnOffsetCommitRequestTopic().setName(name)
                    .setTopicId(topic.topicId());
            for (var partition : topic.partitions()) {
                if (resolver.exists(new TopicPartition(name, partition.partitionIndex()))) {
                    known.partitions().add(partition.duplicate());
                } else {
                    results.fail(name, topic.topicId(), partition.partitionIndex(),
                            Errors.UNKNOWN_TOPIC_OR_PARTITION);
                }
            }
            if (!known.partitions().isEmpty()) {
                valid.add(known);
            }
        }
        return valid;
    }

    private static GroupRequestContext groupContext(RequestContext context) {
        String host = context.remoteAddress().hostAddress();
        return new GroupRequestContext(context.clientId(), "/" + (host == null ? "" : host),
                context.apiVersion());
    }
}
