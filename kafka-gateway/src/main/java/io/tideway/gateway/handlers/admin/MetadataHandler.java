package io.tideway.gateway.handlers.admin;

import io.tideway.broker.Broker;
import io.tideway.broker.TopicInfo;
import io.tideway.broker.TopicService;
import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.MetadataRequestData.MetadataRequestTopic;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Metadata (API key 3), versions 0-13, as Apache Kafka 4.4.0's broker answers it.
 *
 * <ul>
 *   <li>Brokers: this node's advertised endpoint; controller id: this node (Tideway is its own
 *       controller); cluster id from the engine.
 *   <li>All topics (null list, or an empty list at v0) or the named ones; v12+ may look topics up
 *       by id, and then (as in Kafka) the request's names are ignored. Unknown ids are answered
 *       {@code UNKNOWN_TOPIC_ID} with a null name. Below v12 a null name or a non-zero id is
 *       {@code INVALID_REQUEST} for the whole request.
 *   <li>Unknown names: {@code INVALID_TOPIC_EXCEPTION} for illegal names, else {@code
 *       UNKNOWN_TOPIC_OR_PARTITION}. When the request allows auto-creation (always below v4) and
 *       {@code auto.create.topics.enable} is on, creation is started and the topic is answered at
 *       once with {@code UNKNOWN_TOPIC_OR_PARTITION}, exactly what Kafka 4.x (KRaft) returns while
 *       the controller creates it; the client retries and sees it on its next refresh.
 *   <li>Partitions: see {@link PartitionStates}; leader epoch from the partition (0 on a single
 *       node); offline partitions are reported with no leader, {@code LEADER_NOT_AVAILABLE} and
 *       this node as an offline replica. {@code LISTENER_NOT_FOUND} is downgraded to {@code
 *       LEADER_NOT_AVAILABLE} below v6, and v0 filters replicas without an endpoint, as Kafka does.
 *   <li>Authorized operations (v8+, when asked): every operation Kafka supports on the resource,
 *       which is what Kafka reports without an authorizer; cluster operations only at v8-10.
 * </ul>
 *
 * <p>Thread-safe and stateless; never blocks: it reads the engine's catalogue snapshots, and
 * auto-creation runs in the background (its outcome is logged).
 */
final class MetadataHandler implements ApiHandler {

    static final short MIN_VERSION = 0;
    static final short MAX_VERSION = 13;

    private static final Logger log = LoggerFactory.getLogger(MetadataHandler.class);

    private final Broker broker;
    private final NodeEndpoints endpoints;

    MetadataHandler(Broker broker, NodeEndpoints endpoints) {
        this.broker = Objects.requireNonNull(broker, "broker");
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.METADATA;
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
        MetadataRequest metadata = (MetadataRequest) request;
        short version = metadata.version();
        if (!metadata.isAllTopics()) {
            validateTopicReferences(metadata.data().topics(), version);
        }
        List<Node> brokers = endpoints.brokers();
        boolean selfAdvertised = endpoints.self(brokers).isPresent();
        TopicService topics = broker.topics();

        List<MetadataResponseTopic> unknownIds = new ArrayList<>();
        Map<String, TopicInfo> existing = new LinkedHashMap<>();
        Set<String> missing = new LinkedHashSet<>();
        if (metadata.isAllTopics()) {
            topics.all().forEach(topic -> existing.put(topic.name(), topic));
        } else {
            collectRequested(metadata, topics, existing, missing, unknownIds);
        }

        List<MetadataResponseTopic> described = new ArrayList<>();
        for (TopicInfo topic : existing.values()) {
            described.add(describe(topic, version, selfAdvertised));
        }
        boolean autoCreate = !missing.isEmpty() && metadata.allowAutoTopicCreation()
                && !metadata.isAllTopics() && topics.autoCreateEnabled();
        for (String name : missing) {
            described.add(missingTopic(name, autoCreate));
        }
        if (version >= 8 && metadata.data().includeTopicAuthorizedOperations()) {
            described.forEach(topic -> topic.setTopicAuthorizedOperations(
                    AuthorizedOperations.topic()));
        }

        List<MetadataResponseTopic> all = new ArrayList<>(unknownIds.size() + described.size());
        all.addAll(unknownIds);
        all.addAll(described);
        int clusterOperations = version >= 8 && version <= 10
                && metadata.data().includeClusterAuthorizedOperations()
                ? AuthorizedOperations.cluster() : AuthorizedOperations.OMITTED;
        return Future.succeededFuture(Reply.of(MetadataResponse.prepareResponse(version, 0,
                brokers, endpoints.clusterId(), endpoints.nodeId(), all, clusterOperations)));
    }

    /** Kafka rejects the whole request when a pre-v12 request names a topic by id or not at all. */
    private static void validateTopicReferences(List<MetadataRequestTopic> requested,
            short version) {
        for (MetadataRequestTopic topic : requested) {
            boolean hasId = !Uuid.ZERO_UUID.equals(topic.topicId());
            if (topic.name() == null && version < 12) {
                throw new InvalidRequestException(
                        "Topic name can not be null for version " + version);
            }
            if (hasId && version < 12) {
                throw new InvalidRequestException(
                        "Topic IDs are not supported in requests for version " + version);
            }
            if (topic.name() == null && !hasId) {
                throw new InvalidRequestException(
                        "Each topic must have a name or a non-zero topic id");
            }
        }
    }

    private static void collectRequested(MetadataRequest metadata, TopicService topics,
            Map<String, TopicInfo> existing, Set<String> missing,
            List<MetadataResponseTopic> unknownIds) {
        Set<Uuid> ids = new LinkedHashSet<>();
        for (MetadataRequestTopic topic : metadata.data().topics()) {
            if (!Uuid.ZERO_UUID.equals(topic.topicId())) {
                ids.add(topic.topicId());
            }
        }
        if (!ids.isEmpty()) {
            for (Uuid id : ids) {
                Optional<TopicInfo> topic = topics.byId(id);
                if (topic.isPresent()) {
                    existing.putIfAbsent(topic.get().name(), topic.get());
                } else {
                    unknownIds.add(new MetadataResponseTopic()
                            .setErrorCode(Errors.UNKNOWN_TOPIC_ID.code())
                            .setName(null)
                            .setTopicId(id)
                            .setIsInternal(false));
                }
            }
            return;
        }
        for (MetadataRequestTopic topic : metadata.data().topics()) {
            String name = topic.name();
            if (existing.containsKey(name) || missing.contains(name)) {
                continue;
            }
            Optional<TopicInfo> found = topics.byName(name);
            if (found.isPresent()) {
                existing.put(name, found.get());
            } else {
                missing.add(name);
            }
        }
    }

    private MetadataResponseTopic describe(TopicInfo topic, short version, boolean selfAdvertised) {
        List<MetadataResponsePartition> partitions = new ArrayList<>(topic.partitionCount());
        int nodeId = endpoints.nodeId();
        for (PartitionStates.PartitionState state : PartitionStates.of(broker.partitions(), nodeId,
                topic, selfAdvertised)) {
            Errors error = state.error() == Errors.LISTENER_NOT_FOUND && version < 6
                    ? Errors.LEADER_NOT_AVAILABLE : state.error();
            // v0 leaves out replicas that have no endpoint on this listener.
            boolean filterReplicas = version == 0 && !selfAdvertised;
            partitions.add(new MetadataResponsePartition()
                    .setErrorCode(error.code())
                    .setPartitionIndex(state.index())
                    .setLeaderId(state.leaderId())
                    .setLeaderEpoch(state.leaderEpoch())
                    .setReplicaNodes(filterReplicas ? List.of() : state.replicas())
                    .setIsrNodes(filterReplicas ? List.of() : state.isr())
                    .setOfflineReplicas(state.offlineReplicas()));
        }
        return new MetadataResponseTopic()
                .setErrorCode(Errors.NONE.code())
                .setName(topic.name())
                .setTopicId(topic.id())
                .setIsInternal(topic.internal())
                .setPartitions(partitions);
    }

    private MetadataResponseTopic missingTopic(String name, boolean autoCreate) {
        Errors error;
        if (!Topic.isValid(name)) {
            error = Errors.INVALID_TOPIC_EXCEPTION;
        } else {
            if (autoCreate) {
                startAutoCreate(name);
            }
            error = Errors.UNKNOWN_TOPIC_OR_PARTITION;
        }
        return new MetadataResponseTopic()
                .setErrorCode(error.code())
                .setName(name)
                .setTopicId(Uuid.ZERO_UUID)
                .setIsInternal(Topic.isInternal(name));
    }

    private void startAutoCreate(String name) {
        Outcomes.call(() -> broker.topics().autoCreate(name)).onComplete(result -> {
            if (result.succeeded()) {
                log.atInfo().setMessage("Auto-created topic")
                        .addKeyValue("topic", name)
                        .addKeyValue("partitions", result.result().partitionCount())
                        .log();
            } else if (result.cause() instanceof TopicExistsException) {
                // Another request created it first: the goal is reached.
                log.atDebug().setMessage("Auto-created topic already exists")
                        .addKeyValue("topic", name).log();
            } else if (result.cause() instanceof ApiException) {
                log.atInfo().setMessage("Topic auto-creation refused")
                        .addKeyValue("topic", name)
                        .addKeyValue("error", result.cause().toString())
                        .log();
            } else {
                log.atWarn().setMessage("Topic auto-creation failed")
                        .addKeyValue("topic", name)
                        .setCause(result.cause())
                        .log();
            }
        });
    }
}
