package io.tideway.gateway.handlers.data;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FetchMetadata;
import org.apache.kafka.common.requests.FetchRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides how a Fetch request uses the session cache (Kafka's {@code FetchManager.newContext}):
 *
 * <ul>
 *   <li>A full request (epoch 0 or -1) closes the session it names, if any. Epoch -1 (final)
 *       fetches without a session; epoch 0 asks for a new one, created when the response is built.
 *   <li>An incremental request naming an unknown session: {@code FETCH_SESSION_ID_NOT_FOUND}; the
 *       wrong epoch: {@code INVALID_FETCH_SESSION_EPOCH}; a session created with topic ids used
 *       below v13 or the reverse: {@code FETCH_SESSION_TOPIC_ID_ERROR}.
 *   <li>Otherwise the request's partitions are added or updated, forgotten ones removed, and the
 *       session's epoch advances. A session left without partitions is closed and the request
 *       answered without one.
 * </ul>
 *
 * <p>Thread contract: thread-safe (the cache and sessions lock themselves, in that order).
 */
final class FetchSessions {

    private static final Logger log = LoggerFactory.getLogger(FetchSessions.class);

    private final FetchSessionCache cache;

    FetchSessions(FetchSessionCache cache) {
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    /**
     * The context for one request.
     *
     * @param fetchData the request's partitions, in order
     * @param toForget partitions an incremental request removes from its session
     * @param names resolves topic ids to names (null when unknown)
     */
    FetchContext newContext(short version, FetchMetadata metadata, boolean fromFollower,
            Map<TopicIdPartition, FetchRequest.PartitionData> fetchData,
            List<TopicIdPartition> toForget, Function<Uuid, String> names) {
        if (metadata.isFull()) {
            if (metadata.sessionId() != FetchMetadata.INVALID_SESSION_ID) {
                cache.remove(metadata.sessionId());
            }
            if (metadata.epoch() == FetchMetadata.FINAL_EPOCH) {
                return new FetchContext.Sessionless(fetchData);
            }
            return new FetchContext.Full(cache, fetchData, version >= 13, fromFollower);
        }
        synchronized (cache) {
            Optional<FetchSession> found = cache.get(metadata.sessionId());
            if (found.isEmpty()) {
                return sessionError(metadata, Errors.FETCH_SESSION_ID_NOT_FOUND);
            }
            FetchSession session = found.get();
            synchronized (session) {
                if (session.epoch() != metadata.epoch()) {
                    return sessionError(metadata, Errors.INVALID_FETCH_SESSION_EPOCH);
                }
                if (session.usesTopicIds() != (version >= 13)) {
                    return sessionError(metadata, Errors.FETCH_SESSION_TOPIC_ID_ERROR);
                }
                session.update(fetchData, toForget);
                if (session.isEmpty()) {
                    cache.remove(session);
                    return new FetchContext.Sessionless(fetchData);
                }
                cache.touch(session);
                session.epoch(FetchMetadata.nextEpoch(session.epoch()));
                return new FetchContext.Incremental(metadata, session, names);
            }
        }
    }

    private static FetchContext sessionError(FetchMetadata metadata, Errors error) {
        log.atDebug().setMessage("Fetch session error")
                .addKeyValue("sessionId", metadata.sessionId())
                .addKeyValue("epoch", metadata.epoch())
                .addKeyValue("error", error.name())
                .log();
        return new FetchContext.SessionError(error);
    }
}
