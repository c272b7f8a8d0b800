package io.tideway.gateway.handlers.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FetchMetadata;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;

/**
 * How one Fetch request relates to the fetch session cache (Kafka's {@code FetchContext}): which
 * partitions it reads, and how its response is built and the session updated once they are read.
 * Created by {@link FetchSessions#newContext}.
 *
 * <p>Thread contract: each context belongs to one request and is used on that request's event
 * loop; the session behind an incremental context is shared and locked while read or updated.
 */
sealed interface FetchContext {

    /** The partitions to read, in order, with their request parameters. */
    List<Map.Entry<TopicIdPartition, FetchRequest.PartitionData>> partitions();

    /**
     * Builds the response from every read partition's data, in order, updating the session.
     *
     * @param updates one entry per partition of {@link #partitions()}; an incremental context
     *     removes the entries it leaves out of the response
     */
    FetchResponseData respond(LinkedHashMap<TopicIdPartition, FetchResponseData.PartitionData>
            updates, List<Node> nodeEndpoints);

    /** A session error: nothing is read and the response carries only the error. */
    record SessionError(Errors error) implements FetchContext {

        @Override
        public List<Map.Entry<TopicIdPartition, FetchRequest.PartitionData>> partitions() {
            return List.of();
        }

        @Override
        public FetchResponseData respond(
                LinkedHashMap<TopicIdPartition, FetchResponseData.PartitionData> updates,
                List<Node> nodeEndpoints) {
            return FetchResponse.of(error, 0, FetchMetadata.INVALID_SESSION_ID,
                    new LinkedHashMap<>(), nodeEndpoints).data();
        }
    }

    /** A fetch without a session (before v7, final epoch, or a session emptied by forgetting). */
    record Sessionless(Map<TopicIdPartition, FetchRequest.PartitionData> fetchData)
            implements FetchContext {

        @Override
        public List<Map.Entry<TopicIdPartition, FetchRequest.PartitionData>> partitions() {
            return new ArrayList<>(fetchData.entrySet());
        }

        @Override
        public FetchResponseData respond(
                LinkedHashMap<TopicIdPartition, FetchResponseData.PartitionData> updates,
                List<Node> nodeEndpoints) {
            return FetchResponse.of(Errors.NONE, 0, FetchMetadata.INVALID_SESSION_ID, updates,
                    nodeEndpoints).data();
        }
    }

    /** A full fetch that opens a new session if the cache has room for one. */
    record Full(FetchSessionCache cache,
            Map<TopicIdPartition, FetchRequest.PartitionData> fetchData, boolean usesTopicIds,
            boolean fromFollower) implements FetchContext {

        @Override
        public List<Map.Entry<TopicIdPartition, FetchRequest.PartitionData>> partitions() {
            return new ArrayList<>(fetchData.entrySet());
        }

        @Override
        public FetchResponseData respond(
                LinkedHashMap<TopicIdPartition, FetchResponseData.PartitionData> updates,
                List<Node> nodeEndpoints) {
            int sessionId = cache.maybeCreate(fromFollower, updates.size(), usesTopicIds, () -> {
                LinkedHashMap<FetchSession.Key, CachedPartition> cached = new LinkedHashMap<>();
                updates.forEach((partition, response) -> cached.put(
                        FetchSession.key(partition, usesTopicIds),
                        CachedPartition.answered(partition, fetchData.get(partition), response)));
                return cached;
            });
            return FetchResponse.of(Errors.NONE, 0, sessionId, updates, nodeEndpoints).data();
        }
    }

    /**
     * An incremental fetch in an existing session, whose epoch has already moved on to the next
     * one: the response leaves out partitions with nothing new.
     */
    record Incremental(FetchMetadata request, FetchSession session, Function<Uuid, String> names)
            implements FetchContext {

        @Override
        public List<Map.Entry<TopicIdPartition, FetchRequest.PartitionData>> partitions() {
            return session.partitions(names);
        }

        @Override
        public FetchResponseData respond(
                LinkedHashMap<TopicIdPartition, FetchResponseData.PartitionData> updates,
                List<Node> nodeEndpoints) {
            synchronized (session) {
                // Another request on the same session in between (a client retry) wins.
                if (session.epoch() != FetchMetadata.nextEpoch(request.epoch())) {
                    return FetchResponse.of(Errors.INVALID_FETCH_SESSION_EPOCH, 0, session.id(),
                            new LinkedHashMap<>(), nodeEndpoints).data();
                }
                Iterator<Map.Entry<TopicIdPartition, FetchResponseData.PartitionData>> entries =
                        updates.entrySet().iterator();
                List<TopicIdPartition> withRecords = new ArrayList<>();
                while (entries.hasNext()) {
                    Map.Entry<TopicIdPartition, FetchResponseData.PartitionData> entry =
                            entries.next();
                    CachedPartition cached = session.find(entry.getKey());
                    if (cached == null || !cached.mustRespond(entry.getValue(), true)) {
                        entries.remove();
                    } else if (FetchResponse.recordsSize(entry.getValue()) > 0) {
                        withRecords.add(entry.getKey());
                    }
                }
                withRecords.forEach(session::moveToBack);
                return FetchResponse.of(Errors.NONE, 0, session.id(), updates, nodeEndpoints)
                        .data();
            }
        }
    }
}
