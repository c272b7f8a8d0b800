package io.tideway.gateway.handlers.data;

import io.tideway.broker.TopicInfo;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchRequestData.FetchPartition;
import org.apache.kafka.common.message.FetchRequestData.FetchTopic;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;

/**
 * A fetch handler over a {@link FakeBroker} with a controllable session clock, plus builders for
 * Fetch requests at any version and readers for the responses.
 */
final class FetchFixture {

    static final Node SELF = new Node(FakeBroker.NODE_ID, "localhost", 9092);

    final Vertx vertx;
    final FakeBroker broker;
    final AtomicLong clock = new AtomicLong(1_000_000L);
    final FetchSessionCache sessions;
    final FetchHandler handler;
    private final WorkerExecutor copyPool;

    FetchFixture(Vertx vertx, Path dir, int sessionSlots, int fetchMaxBytes) {
        this.vertx = vertx;
        this.broker = new FakeBroker(vertx, dir);
        this.sessions = new FetchSessionCache(sessionSlots, 120_000L, clock::get);
        this.copyPool = vertx.createSharedWorkerExecutor("test-fetch-copy", 2);
        this.handler = new FetchHandler(broker, vertx, sessions, copyPool, fetchMaxBytes,
                () -> List.of(SELF));
    }

    void close() {
        broker.close();
    }

    /** A request builder for one version. */
    Request request(short version) {
        return new Request(version);
    }

    Future<Reply> start(FetchRequest request, boolean zeroCopy) {
        RequestContext context = HandlerCalls.context(vertx.getOrCreateContext(), ApiKeys.FETCH,
                request.version(), "consumer-1", zeroCopy);
        return HandlerCalls.start(handler, context, request);
    }

    FetchResponse fetch(FetchRequest request) throws Exception {
        return decode(HandlerCalls.await(start(request, true)), request.version());
    }

    static FetchResponse decode(Reply reply, short version) {
        return (FetchResponse) HandlerCalls.decode(reply, ApiKeys.FETCH, version);
    }

    /** Every response partition, in response order. */
    static List<FetchResponseData.PartitionData> partitions(FetchResponse response) {
        List<FetchResponseData.PartitionData> all = new ArrayList<>();
        response.data().responses().forEach(topic -> all.addAll(topic.partitions()));
        return all;
    }

    static FetchResponseData.PartitionData partition(FetchResponse response, String topic,
            Uuid topicId, int index) {
        return response.data().responses().stream()
                .filter(t -> topic.equals(t.topic()) || topicId.equals(t.topicId()))
                .flatMap(t -> t.partitions().stream())
                .filter(p -> p.partitionIndex() == index)
                .findFirst().orElseThrow(() -> new AssertionError("no " + topic + "-" + index));
    }

    static Errors error(FetchResponseData.PartitionData partition) {
        return Errors.forCode(partition.errorCode());
    }

    static List<String> values(FetchResponseData.PartitionData partition) {
        return Batches.values(FetchResponse.recordsOrFail(partition));
    }

    /** Builds one Fetch request. */
    static final class Request {

        private final short version;
        private final FetchRequestData data = new FetchRequestData()
                .setReplicaId(-1).setMaxWaitMs(0).setMinBytes(0).setMaxBytes(Integer.MAX_VALUE)
                .setSessionId(0).setSessionEpoch(-1);

        Request(short version) {
            this.version = version;
        }

        Request partition(TopicInfo topic, int index, long offset, int maxBytes) {
            return partition(topic.name(), topic.id(), index, offset, maxBytes, -1, -1);
        }

        Request partition(String name, Uuid id, int index, long offset, int maxBytes,
                int currentLeaderEpoch, int lastFetchedEpoch) {
            FetchTopic topic = data.topics().stream()
                    .filter(t -> version >= 13 ? t.topicId().equals(id) : t.topic().equals(name))
                    .findFirst().orElse(null);
            if (topic == null) {
                topic = version >= 13 ? new FetchTopic().setTopicId(id)
                        : new FetchTopic().setTopic(name);
                data.topics().add(topic);
            }
            topic.partitions().add(new FetchPartition().setPartition(index).setFetchOffset(offset)
                    .setPartitionMaxBytes(maxBytes).setCurrentLeaderEpoch(currentLeaderEpoch)
                    .setLastFetchedEpoch(lastFetchedEpoch));
            return this;
        }

        Request forget(TopicInfo topic, int index) {
            data.forgottenTopicsData().add(version >= 13
                    ? new FetchRequestData.ForgottenTopic().setTopicId(topic.id())
                            .setPartitions(new ArrayList<>(List.of(index)))
                    : new FetchRequestData.ForgottenTopic().setTopic(topic.name())
                            .setPartitions(new ArrayList<>(List.of(index))));
            return this;
        }

        Request maxBytes(int maxBytes) {
            data.setMaxBytes(maxBytes);
            return this;
        }

        Request wait(int maxWaitMs, int minBytes) {
            data.setMaxWaitMs(maxWaitMs).setMinBytes(minBytes);
            return this;
        }

        Request readCommitted() {
            data.setIsolationLevel((byte) 1);
            return this;
        }

        Request session(int sessionId, int epoch) {
            data.setSessionId(sessionId).setSessionEpoch(epoch);
            return this;
        }

        Request replica(int replicaId) {
            if (version >= 15) {
                data.setReplicaState(new FetchRequestData.ReplicaState().setReplicaId(replicaId));
            } else {
                data.setReplicaId(replicaId);
            }
            return this;
        }

        FetchRequest build() {
            return HandlerCalls.wire(new FetchRequest(data, version));
        }
    }
}
