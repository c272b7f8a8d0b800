package io.tideway.gateway.handlers.admin;

import io.tideway.broker.Broker;
import io.tideway.broker.TopicInfo;
import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsAssignment;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.CreatePartitionsRequest;
import org.apache.kafka.common.requests.CreatePartitionsResponse;

/**
 * CreatePartitions (API key 37), versions 0-3, with Kafka 4.4.0 controller's checks and
 * messages.
 *
 * <ul>
 *   <li>More than 10,000 new partitions in the whole request: {@code POLICY_VIOLATION} for every
 *       topic, nothing added ({@link PartitionBudget}).
 *   <li>A topic named twice: {@code INVALID_REQUEST} "Duplicate topic name.".
 *   <li>Unknown topic: {@code UNKNOWN_TOPIC_OR_PARTITION}; a count equal to or below the current
 *       one: {@code INVALID_PARTITIONS} (the count can only grow).
 *   <li>Manual assignments: exactly one per new partition, each naming only this node (the topic's
 *       replication factor is 1): {@code INVALID_REPLICA_ASSIGNMENT} otherwise.
 *   <li>The engine then adds the partitions, or only validates with {@code validateOnly}; its
 *       failures are reported for that topic.
 * </ul>
 *
 * <p>Thread-safe and stateless; never blocks.
 */
final class CreatePartitionsHandler implements ApiHandler {

    static final short MIN_VERSION = 0;
    static final short MAX_VERSION = 3;

    private final Broker broker;

    CreatePartitionsHandler(Broker broker) {
        this.broker = Objects.requireNonNull(broker, "broker");
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_PARTITIONS;
    }

    @Override
    public short minVersion() {
        return MIN_VERSION;
    }

    @Override
    public short maxVersion() {
        return MAX_VERSION;
    }

    @Override
    public Future<Reply> handle(RequestContext context, AbstractRequest request) {
        CreatePartitionsRequestData data = ((CreatePartitionsRequest) request).data();
        Map<String, CreatePartitionsTopic> firstByName = new LinkedHashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (CreatePartitionsTopic topic : data.topics()) {
            firstByName.putIfAbsent(topic.name(), topic);
            counts.merge(topic.name(), 1, Integer::sum);
        }
        PartitionBudget.check(newPartitions(firstByName.values()));
        List<Future<CreatePartitionsTopicResult>> results = new ArrayList<>(firstByName.size());
        for (CreatePartitionsTopic topic : firstByName.values()) {
            if (counts.get(topic.name()) > 1) {
                results.add(Future.succeededFuture(result(topic.name(),
                        new ApiError(Errors.INVALID_REQUEST, "Duplicate topic name."))));
            } else {
                results.add(grow(topic, data.validateOnly()));
            }
        }
        return Outcomes.settle(results).map(outcomes -> {
            CreatePartitionsResponseData response =
                    new CreatePartitionsResponseData().setThrottleTimeMs(0);
            for (AsyncResult<CreatePartitionsTopicResult> outcome : outcomes) {
                response.results().add(outcome.result());
            }
            return Reply.of(new CreatePartitionsResponse(response));
        });
    }

    private Future<CreatePartitionsTopicResult> grow(CreatePartitionsTopic topic,
            boolean validateOnly) {
        try {
            validate(topic);
        } catch (RuntimeException e) {
            return Future.succeededFuture(result(topic.name(),
                    AdminErrors.toApiError(apiKey(), topic.name(), e)));
        }
        return Outcomes.call(() -> broker.topics().createPartitions(topic.name(), topic.count(),
                        validateOnly))
                .map(grown -> result(topic.name(), ApiError.NONE))
                .recover(e -> Future.succeededFuture(result(topic.name(),
                        AdminErrors.toApiError(apiKey(), topic.name(), e))));
    }

    /** The partitions the request would add to the topics that exist. */
    private long newPartitions(Iterable<CreatePartitionsTopic> topics) {
        long total = 0;
        for (CreatePartitionsTopic topic : topics) {
            int existing = broker.topics().byName(topic.name())
                    .map(TopicInfo::partitionCount).orElse(topic.count());
            total += Math.max(0, topic.count() - existing);
        }
        return total;
    }

    /** Kafka's checks, in its order, before the engine is asked. */
    private void validate(CreatePartitionsTopic topic) {
        TopicInfo current = broker.topics().byName(topic.name())
                .orElseThrow(UnknownTopicOrPartitionException::new);
        int existing = current.partitionCount();
        if (topic.count() == existing) {
            throw new InvalidPartitionsException("Topic already has " + existing
                    + " partition(s).");
        }
        if (topic.count() < existing) {
            throw new InvalidPartitionsException("The topic " + topic.name() + " currently has "
                    + existing + " partition(s); " + topic.count() + " would not be an increase.");
        }
        List<CreatePartitionsAssignment> assignments = topic.assignments();
        if (assignments == null) {
            return;
        }
        int additional = topic.count() - existing;
        if (assignments.size() != additional) {
            throw new InvalidReplicaAssignmentException("Attempted to add " + additional
                    + " additional partition(s), but only " + assignments.size()
                    + " assignment(s) were specified.");
        }
        int nodeId = broker.identity().nodeId();
        for (CreatePartitionsAssignment assignment : assignments) {
            // Every existing partition of a single-node topic has one replica.
            ReplicaAssignments.validate(assignment.brokerIds(), nodeId, OptionalInt.of(1));
        }
    }

    private static CreatePartitionsTopicResult result(String name, ApiError error) {
        return new CreatePartitionsTopicResult()
                .setName(name)
                .setErrorCode(error.error().code())
                .setErrorMessage(error.message());
    }
}
