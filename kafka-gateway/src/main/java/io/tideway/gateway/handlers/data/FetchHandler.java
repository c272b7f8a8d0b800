package io.tideway.gateway.handlers.data;

import io.tideway.broker.Broker;
import io.tideway.broker.TopicInfo;
import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.tideway.gateway.ResponsePart;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;

/**
 * Fetch (API key 1), v4-v18, following Kafka's {@code KafkaApis.handleFetchRequest} and {@code
 * ReplicaManager.fetchMessages}.
 *
 * <ol>
 *   <li>Sessions (KIP-227, {@link FetchSessions}): session errors are answered at once with the
 *       top-level error; an incremental fetch reads every partition of its session.
 *   <li>Partitions whose v13 topic id is unknown get {@code UNKNOWN_TOPIC_ID}, unknown topics or
 *       partitions {@code UNKNOWN_TOPIC_OR_PARTITION}; they are listed after the others, as in
 *       Kafka, and do not end a long-poll early.
 *   <li>The rest are read by {@link FetchReader} (KIP-74 byte accounting; leader epoch,
 *       replica and diverging-epoch checks; {@code OFFSET_OUT_OF_RANGE} from the engine), within
 *       {@code min(max_bytes, fetch.max.bytes)}, waiting as {@link LongPoll} says.
 *   <li>The request's isolation level (v4+) applies to every read: {@code READ_COMMITTED}
 *       consumers read up to the last stable offset, and only what they may read counts towards
 *       {@code min_bytes}.
 *   <li>Each partition reports high watermark, last stable offset, log start offset, the aborted
 *       transactions the returned records may hold (under {@code READ_COMMITTED}, possibly an
 *       empty list; none under {@code READ_UNCOMMITTED}, as in Kafka) and preferred read replica
 *       -1. (Kafka 4 serves no Fetch below v4, the first version with the last stable offset.)
 *       Errored partitions report -1 offsets; {@code KAFKA_STORAGE_ERROR} becomes {@code NOT_LEADER_OR_FOLLOWER}
 *       below v6, which older consumers retry; v16+ names this node as leader for {@code
 *       FENCED_LEADER_EPOCH}.
 * </ol>
 *
 * <p>Records go out zero-copy when the connection allows it: the body is split into memory parts
 * and one {@link ResponsePart#fileRegion} per fetched slice ({@link FetchResponseEncoder}). On TLS
 * connections the slices are copied into one buffer on the {@code tideway-fetch-copy} worker pool,
 * since reading them is blocking file I/O. Replies hold nothing to release: the file channels
 * belong to the log, which keeps a deleted segment's channel open for {@code file.delete.delay.ms};
 * a region whose file is gone by then fails the write and the gateway closes the connection.
 *
 * <p>Thread contract: thread-safe; one instance serves every connection. Its only shared state is
 * the thread-safe {@link FetchSessionCache}. Per-request state is confined to the connection's
 * event loop. Never blocks an event loop.
 */
public final class FetchHandler implements ApiHandler {

    private final Broker broker;
    private final Vertx vertx;
    private final FetchSessions sessions;
    private final WorkerExecutor copyPool;
    private final int fetchMaxBytes;
    private final Supplier<List<Node>> advertisedNodes;
    private final PartitionResolver resolver;
    private final FetchReader reader = new FetchReader();
    private final Function<Uuid, String> names;

    /**
     * @param broker the engine
     * @param vertx for long-poll timers
     * @param sessionCache the broker-wide fetch session cache
     * @param copyPool the worker pool that copies records for TLS connections
     * @param fetchMaxBytes Kafka's {@code fetch.max.bytes}: caps every request's {@code max_bytes}
     * @param advertisedNodes this node's advertised endpoints (empty before the listener binds)
     */
    FetchHandler(Broker broker, Vertx vertx, FetchSessionCache sessionCache,
            WorkerExecutor copyPool, int fetchMaxBytes, Supplier<List<Node>> advertisedNodes) {
        this.broker = Objects.requireNonNull(broker, "broker");
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.sessions = new FetchSessions(sessionCache);
        this.copyPool = Objects.requireNonNull(copyPool, "copyPool");
        this.fetchMaxBytes = fetchMaxBytes;
        this.advertisedNodes = Objects.requireNonNull(advertisedNodes, "advertisedNodes");
        this.resolver = new PartitionResolver(broker);
        this.names = id -> broker.topics().byId(id).map(TopicInfo::name).orElse(null);
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.FETCH;
    }

    @Override
    public short minVersion() {
        return 4;
    }

    @Override
    public short maxVersion() {
        return 18;
    }

    @Override
    public Future<Reply> handle(RequestContext context, AbstractRequest request) {
        FetchRequest fetch = (FetchRequest) request;
        short version = fetch.version();
        // Validated before the fetch session changes: an invalid request leaves it untouched.
        IsolationLevel isolation = IsolationLevels.of(fetch.data().isolationLevel());
        FetchContext fetchContext = sessions.newContext(version, fetch.metadata(),
                fetch.isFromFollower(), FetchRequests.fetchData(fetch, names),
                FetchRequests.forgotten(fetch, names), names);
        List<ReadTarget> targets = new ArrayList<>();
        LinkedHashMap<TopicIdPartition, FetchResponseData.PartitionData> erroneous =
                new LinkedHashMap<>();
        for (Map.Entry<TopicIdPartition, FetchRequest.PartitionData> entry
                : fetchContext.partitions()) {
            TopicIdPartition key = entry.getKey();
            if (key.topic() == null) {
                erroneous.put(key, FetchResponse.partitionResponse(key, Errors.UNKNOWN_TOPIC_ID));
            } else if (!resolver.exists(key.topicPartition())) {
                erroneous.put(key, FetchResponse.partitionResponse(key,
                        Errors.UNKNOWN_TOPIC_OR_PARTITION));
            } else {
                PartitionResolver.Lookup lookup = resolver.lookup(key.topicPartition());
                targets.add(new ReadTarget(key, entry.getValue(), lookup.partition(),
                        lookup.error()));
            }
        }
        int maxBytes = Math.min(fetch.maxBytes(), fetchMaxBytes);
        FetchParams params = new FetchParams(version, fetch.isFromFollower(), fetch.maxWait(),
                Math.min(fetch.minBytes(), maxBytes), maxBytes, isolation);
        return new LongPoll(vertx, context.eventLoop(), reader, targets, params).run()
                .compose(reads -> {
                    FetchResponses responses = new FetchResponses(params,
                            broker.identity().nodeId(), advertisedNodes);
                    LinkedHashMap<TopicIdPartition, FetchResponseData.PartitionData> updates =
                            new LinkedHashMap<>();
                    reads.forEach(read -> updates.put(read.target().key(),
                            responses.partition(read)));
                    updates.putAll(erroneous);
                    FetchResponseData data = fetchContext.respond(updates,
                            responses.nodeEndpoints());
                    return encode(context, data, version);
                });
    }

    private Future<Reply> encode(RequestContext context, FetchResponseData data, short version) {
        if (!FetchResponseEncoder.hasSlices(data)) {
            return Future.succeededFuture(Reply.of(FetchResponse.of(data)));
        }
        if (context.zeroCopySupported()) {
            return Future.succeededFuture(
                    Reply.ofParts(FetchResponseEncoder.zeroCopy(data, version), () -> { }));
        }
        return copyPool.executeBlocking(() -> FetchResponseEncoder.copied(data, version), false)
                .map(body -> Reply.ofParts(List.of(ResponsePart.bytes(body)), () -> { }));
    }
}
