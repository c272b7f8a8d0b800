package io.tideway.gateway.handlers.admin;

import io.tideway.broker.Broker;
import io.tideway.broker.ConfigEntryView;
import io.tideway.broker.TopicInfo;
import io.tideway.broker.TopicSpec;
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
import java.util.TreeMap;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableReplicaAssignment;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfig;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicConfigs;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.CreateTopicsResponse;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;

/**
 * CreateTopics (API key 19), versions 2-7, as Kafka 4.4.0's controller answers it.
 *
 * <ul>
 *   <li>More than 10,000 partitions in the whole request: {@code POLICY_VIOLATION} for every
 *       topic, nothing created ({@link PartitionBudget}).
 *   <li>A name given twice: {@code INVALID_REQUEST} "Duplicate topic name." for it (once); {@code
 *       __cluster_metadata}: {@code INVALID_REQUEST}, its creation is prohibited.
 *   <li>Per topic, in Kafka's order: illegal name ({@code INVALID_TOPIC_EXCEPTION} with the
 *       reason), existing topic ({@code TOPIC_ALREADY_EXISTS}), then the engine validates the
 *       configuration, partition count and replication factor ({@code -1} asks for the broker
 *       defaults) and creates it, or only validates it with {@code validateOnly}.
 *   <li>Manual replica assignments need {@code numPartitions} and {@code replicationFactor} at
 *       -1 ({@code INVALID_REQUEST} otherwise), consecutive partition indexes from 0 and broker
 *       lists naming only this node ({@code INVALID_REPLICA_ASSIGNMENT} with Kafka's messages).
 *   <li>v5+: the result carries the partition count, replication factor and effective
 *       configuration; v7: the topic id. With {@code validateOnly} the engine cannot describe a
 *       topic that does not exist, so only the requested overrides are listed (see the report's
 *       request for a describe-by-spec engine call).
 * </ul>
 *
 * <p>Thread-safe and stateless; never blocks: per-topic engine futures are joined before the
 * response is assembled.
 */
final class CreateTopicsHandler implements ApiHandler {

    static final short MIN_VERSION = 2;
    static final short MAX_VERSION = 7;

    private final Broker broker;

    CreateTopicsHandler(Broker broker) {
        this.broker = Objects.requireNonNull(broker, "broker");
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_TOPICS;
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
        CreateTopicsRequestData data = ((CreateTopicsRequest) request).data();
        short version = request.version();
        PartitionBudget.check(requestedPartitions(data));
        Map<String, CreatableTopic> firstByName = new LinkedHashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (CreatableTopic topic : data.topics()) {
            firstByName.putIfAbsent(topic.name(), topic);
            counts.merge(topic.name(), 1, Integer::sum);
        }
        List<Future<CreatableTopicResult>> results = new ArrayList<>(firstByName.size());
        for (CreatableTopic topic : firstByName.values()) {
            if (counts.get(topic.name()) > 1) {
                results.add(Future.succeededFuture(failed(topic.name(),
                        new ApiError(Errors.INVALID_REQUEST, "Duplicate topic name."))));
            } else if (Topic.CLUSTER_METADATA_TOPIC_NAME.equals(topic.name())) {
                results.add(Future.succeededFuture(failed(topic.name(),
                        new ApiError(Errors.INVALID_REQUEST, "Creation of internal topic "
                                + Topic.CLUSTER_METADATA_TOPIC_NAME + " is prohibited."))));
            } else {
                results.add(create(topic, version, data.validateOnly()));
            }
        }
        return Outcomes.settle(results).map(outcomes -> {
            CreateTopicsResponseData response = new CreateTopicsResponseData().setThrottleTimeMs(0);
            for (AsyncResult<CreatableTopicResult> outcome : outcomes) {
                response.topics().add(outcome.result());
            }
            return Reply.of(new CreateTopicsResponse(response));
        });
    }

    /**
     * The partitions the request asks for, counted as Kafka's controller does: the assignments
     * when given, else the count; a count of -1 (the broker default) counts as one.
     */
    private static long requestedPartitions(CreateTopicsRequestData data) {
        long total = 0;
        for (CreatableTopic topic : data.topics()) {
            if (!topic.assignments().isEmpty()) {
                total += topic.assignments().size();
            } else if (topic.numPartitions() == -1) {
                total += 1;
            } else if (topic.numPartitions() > 0) {
                total += topic.numPartitions();
            }
        }
        return total;
    }

    /** Creates (or validates) one topic; the future never fails, errors are in the result. */
    private Future<CreatableTopicResult> create(CreatableTopic topic, short version,
            boolean validateOnly) {
        TopicSpec spec;
        try {
            spec = toSpec(topic);
        } catch (RuntimeException e) {
            return Future.succeededFuture(failed(topic.name(),
                    AdminErrors.toApiError(apiKey(), topic.name(), e)));
        }
        Future<CreatableTopicResult> created = Outcomes
                .call(() -> broker.topics().create(spec, validateOnly))
                .compose(info -> succeeded(info, spec, version, validateOnly));
        return created.recover(e -> Future.succeededFuture(
                failed(topic.name(), AdminErrors.toApiError(apiKey(), topic.name(), e))));
    }

    private TopicSpec toSpec(CreatableTopic topic) {
        Topic.validate(topic.name());
        if (broker.topics().byName(topic.name()).isPresent()) {
            throw new TopicExistsException("Topic '" + topic.name() + "' already exists.");
        }
        Map<String, String> configs = configs(topic);
        if (topic.assignments().isEmpty()) {
            return new TopicSpec(topic.name(), topic.numPartitions(), topic.replicationFactor(),
                    configs);
        }
        if (topic.replicationFactor() != CreateTopicsRequest.NO_REPLICATION_FACTOR) {
            throw new InvalidRequestException("A manual partition assignment was specified, but "
                    + "replication factor was not set to -1.");
        }
        if (topic.numPartitions() != CreateTopicsRequest.NO_NUM_PARTITIONS) {
            throw new InvalidRequestException("A manual partition assignment was specified, but "
                    + "numPartitions was not set to -1.");
        }
        int nodeId = broker.identity().nodeId();
        Map<Integer, List<Integer>> byPartition = new HashMap<>();
        OptionalInt replicationFactor = OptionalInt.empty();
        for (CreatableReplicaAssignment assignment : topic.assignments()) {
            if (byPartition.containsKey(assignment.partitionIndex())) {
                throw new InvalidReplicaAssignmentException("Found multiple manual partition "
                        + "assignments for partition " + assignment.partitionIndex());
            }
            ReplicaAssignments.validate(assignment.brokerIds(), nodeId, replicationFactor);
            replicationFactor = OptionalInt.of(assignment.brokerIds().size());
            byPartition.put(assignment.partitionIndex(), assignment.brokerIds());
        }
        for (int index = 0; index < byPartition.size(); index++) {
            if (!byPartition.containsKey(index)) {
                throw new InvalidReplicaAssignmentException(
                        "partitions should be a consecutive 0-based integer sequence");
            }
        }
        return new TopicSpec(topic.name(), byPartition.size(),
                (short) replicationFactor.getAsInt(), configs);
    }

    private static Map<String, String> configs(CreatableTopic topic) {
        Map<String, String> configs = new LinkedHashMap<>();
        List<String> nullValued = new ArrayList<>();
        for (CreatableTopicConfig config : topic.configs()) {
            if (config.value() == null) {
                nullValued.add(config.name());
            } else {
                configs.put(config.name(), config.value());
            }
        }
        if (!nullValued.isEmpty()) {
            throw new InvalidConfigurationException("Null value not supported for topic configs: "
                    + String.join(",", nullValued));
        }
        return configs;
    }

    private Future<CreatableTopicResult> succeeded(TopicInfo info, TopicSpec spec, short version,
            boolean validateOnly) {
        CreatableTopicResult result = new CreatableTopicResult()
                .setName(info.name())
                .setErrorCode(Errors.NONE.code())
                .setErrorMessage(null);
        if (version >= 7) {
            result.setTopicId(info.id());
        }
        if (version < 5) {
            return Future.succeededFuture(result);
        }
        result.setNumPartitions(info.partitionCount())
                .setReplicationFactor((short) 1)
                .setTopicConfigErrorCode(Errors.NONE.code());
        if (validateOnly) {
            result.setConfigs(requestedOverrides(spec));
            return Future.succeededFuture(result);
        }
        return Outcomes.call(() -> broker.topics().describeConfigs(info.name()))
                .map(entries -> result.setConfigs(effective(entries)))
                .recover(e -> Future.succeededFuture(result.setTopicConfigErrorCode(
                        AdminErrors.toApiError(apiKey(), info.name(), e).error().code())));
    }

    private static List<CreatableTopicConfigs> effective(List<ConfigEntryView> entries) {
        TreeMap<String, ConfigEntryView> sorted = new TreeMap<>();
        entries.forEach(entry -> sorted.put(entry.name(), entry));
        List<CreatableTopicConfigs> configs = new ArrayList<>(sorted.size());
        sorted.values().forEach(entry -> configs.add(ConfigEntries.createdTopicEntry(entry)));
        return configs;
    }

    private static List<CreatableTopicConfigs> requestedOverrides(TopicSpec spec) {
        List<CreatableTopicConfigs> configs = new ArrayList<>(spec.configs().size());
        new TreeMap<>(spec.configs()).forEach((name, value) -> configs.add(
                new CreatableTopicConfigs().setName(name).setValue(value).setReadOnly(false)
                        .setConfigSource(ConfigSource.TOPIC_CONFIG.id()).setIsSensitive(false)));
        return configs;
    }

    private static CreatableTopicResult failed(String name, ApiError error) {
        return new CreatableTopicResult()
                .setName(name)
                .setErrorCode(error.error().code())
                .setErrorMessage(error.message());
    }
}
