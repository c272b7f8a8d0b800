package io.tideway.gateway.handlers.txn;

import io.tideway.broker.Partition;
import io.tideway.broker.TopicService;
import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.tideway.gateway.handlers.data.PartitionResolver;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.DescribeProducersRequestData.TopicRequest;
import org.apache.kafka.common.message.DescribeProducersResponseData;
import org.apache.kafka.common.message.DescribeProducersResponseData.PartitionResponse;
import org.apache.kafka.common.message.DescribeProducersResponseData.ProducerState;
import org.apache.kafka.common.message.DescribeProducersResponseData.TopicResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.DescribeProducersRequest;
import org.apache.kafka.common.requests.DescribeProducersResponse;

/**
 * DescribeProducers (API key 61), v0, following Kafka's {@code
 * KafkaApis.handleDescribeProducersRequest}: for each requested partition, the idempotent and
 * transactional producers its log tracks ({@link Partition#activeProducers()}): producer id and
 * epoch, last sequence and timestamp, coordinator epoch of the last marker and the first offset
 * of the ongoing transaction (-1 when none). Used by {@code kafka-transactions.sh
 * describe-producers} and to find hanging transactions.
 *
 * <p>Errors: an invalid topic name gets {@code INVALID_TOPIC_EXCEPTION} with the reason; an
 * unknown topic {@code UNKNOWN_TOPIC_OR_PARTITION} for every partition; a partition outside the
 * topic, offline or not open gets what {@link PartitionResolver} answers; an engine failure its
 * code.
 *
 * <p>Thread contract: stateless and thread-safe; {@link #handle} never blocks.
 */
public final class DescribeProducersHandler implements ApiHandler {

    private final TopicService topics;
    private final PartitionResolver resolver;

    /**
     * @param topics the topic catalogue
     * @param resolver finds the open partitions
     */
    public DescribeProducersHandler(TopicService topics, PartitionResolver resolver) {
        this.topics = Objects.requireNonNull(topics, "topics");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_PRODUCERS;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 0;
    }

    @Override
    public Future<Reply> handle(RequestContext context, AbstractRequest request) {
        List<TopicRequest> requested =
                new ArrayList<>(((DescribeProducersRequest) request).data().topics());
        List<TopicResponse> responses = new ArrayList<>(requested.size());
        List<Future<PartitionResponse>> all = new ArrayList<>();
        for (TopicRequest topic : requested) {
            TopicResponse response = new TopicResponse().setName(topic.name());
            responses.add(response);
            PartitionResponse topicError = topicError(topic.name());
            for (int index : topic.partitionIndexes()) {
                Future<PartitionResponse> partition = topicError != null
                        ? Future.succeededFuture(topicError.duplicate().setPartitionIndex(index))
                        : describe(new TopicPartition(topic.name(), index));
                all.add(partition);
            }
        }
        return Future.join(all).map(joined -> {
            int next = 0;
            for (int t = 0; t < requested.size(); t++) {
                for (int p = 0; p < requested.get(t).partitionIndexes().size(); p++) {
                    responses.get(t).partitions().add(all.get(next++).result());
                }
            }
            return Reply.of(new DescribeProducersResponse(new DescribeProducersResponseData()
                    .setTopics(responses)));
        });
    }

    /** The error every partition of the topic gets, or null when the topic exists. */
    private PartitionResponse topicError(String name) {
        try {
            Topic.validate(name);
        } catch (ApiException e) {
            return new PartitionResponse().setErrorCode(Errors.forException(e).code())
                    .setErrorMessage(e.getMessage());
        }
        return topics.byName(name).isPresent() ? null
                : new PartitionResponse().setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
    }

    /** One partition's producers; never fails. */
    private Future<PartitionResponse> describe(TopicPartition partition) {
        PartitionResolver.Lookup lookup = resolver.lookup(partition);
        if (!lookup.found()) {
            return Future.succeededFuture(new PartitionResponse()
                    .setPartitionIndex(partition.partition())
                    .setErrorCode(lookup.error().code()));
        }
        return CoordinatorCalls.call(() -> lookup.partition().activeProducers())
                .map(producers -> {
                    PartitionResponse response = new PartitionResponse()
                            .setPartitionIndex(partition.partition())
                            .setErrorCode(Errors.NONE.code());
                    for (Partition.ProducerView producer : producers) {
                        response.activeProducers().add(new ProducerState()
                                .setProducerId(producer.producerId())
                                .setProducerEpoch(producer.producerEpoch())
                                .setLastSequence(producer.lastSequence())
                                .setLastTimestamp(producer.lastTimestamp())
                                .setCoordinatorEpoch(producer.coordinatorEpoch())
                                .setCurrentTxnStartOffset(producer.currentTxnStartOffset()));
                    }
                    return response;
                })
                .otherwise(failure -> new PartitionResponse()
                        .setPartitionIndex(partition.partition())
                        .setErrorCode(CoordinatorCalls.error(apiKey(), partition, failure)
                                .code()));
    }
}
