package io.tideway.gateway.handlers.data;

import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;

/**
 * One partition of an incremental fetch session (KIP-227): the request parameters last sent for
 * it, so later requests may omit it, and the offsets last answered, so later responses may omit
 * it while they do not change.
 *
 * <p>Thread contract: not thread-safe; guarded by its {@link FetchSession}'s lock.
 */
final class CachedPartition {

    private String topic;
    private final Uuid topicId;
    private final int partition;
    private int maxBytes;
    private long fetchOffset;
    private long highWatermark;
    private Optional<Integer> leaderEpoch;
    private long fetcherLogStartOffset;
    private long localLogStartOffset;
    private Optional<Integer> lastFetchedEpoch;

    private CachedPartition(TopicIdPartition key, FetchRequest.PartitionData request,
            long highWatermark, long localLogStartOffset) {
        this.topic = key.topic();
        this.topicId = key.topicId();
        this.partition = key.partition();
        this.highWatermark = highWatermark;
        this.localLogStartOffset = localLogStartOffset;
        updateRequestParams(request);
    }

    /** A partition added by an incremental request: nothing answered yet. */
    static CachedPartition requested(TopicIdPartition key, FetchRequest.PartitionData request) {
        return new CachedPartition(key, request, -1L, -1L);
    }

    /** A partition of a new session, with what its full fetch answered. */
    static CachedPartition answered(TopicIdPartition key, FetchRequest.PartitionData request,
            FetchResponseData.PartitionData response) {
        return new CachedPartition(key, request, response.highWatermark(),
                response.logStartOffset());
    }

    /** The partition as fetch code addresses it; the topic name is null until resolved. */
    TopicIdPartition key() {
        return new TopicIdPartition(topicId, partition, topic);
    }

    /** The request parameters to read it with. */
    FetchRequest.PartitionData request() {
        return new FetchRequest.PartitionData(topicId, fetchOffset, fetcherLogStartOffset,
                maxBytes, leaderEpoch, lastFetchedEpoch);
    }

    /** Takes the parameters of a request that lists this partition again. */
    void updateRequestParams(FetchRequest.PartitionData request) {
        maxBytes = request.maxBytes;
        fetchOffset = request.fetchOffset;
        fetcherLogStartOffset = request.logStartOffset;
        leaderEpoch = request.currentLeaderEpoch;
        lastFetchedEpoch = request.lastFetchedEpoch;
    }

    /** Resolves a topic id whose topic was unknown when the partition joined the session. */
    void resolveName(Function<Uuid, String> names) {
        if (topic == null) {
            topic = names.apply(topicId);
        }
    }

    /**
     * Whether an incremental response must include this partition (Kafka's {@code
     * maybeUpdateResponseData}): it has records, its high watermark or log start offset changed,
     * it has an error or a diverging epoch. With {@code update}, the answered offsets are
     * remembered; an error resets the high watermark so the partition is sent again once the
     * error clears.
     */
    boolean mustRespond(FetchResponseData.PartitionData response, boolean update) {
        boolean mustRespond = FetchResponse.recordsSize(response) > 0;
        if (highWatermark != response.highWatermark()) {
            mustRespond = true;
            if (update) {
                highWatermark = response.highWatermark();
            }
        }
        if (localLogStartOffset != response.logStartOffset()) {
            mustRespond = true;
            if (update) {
                localLogStartOffset = response.logStartOffset();
            }
        }
        if (FetchResponse.isPreferredReplica(response)) {
            mustRespond = true;
        }
        if (response.errorCode() != Errors.NONE.code()) {
            if (update) {
                highWatermark = -1L;
            }
            mustRespond = true;
        }
        if (FetchResponse.isDivergingEpoch(response)) {
            mustRespond = true;
        }
        return mustRespond;
    }

    @Override
    public String toString() {
        return "CachedPartition(" + topic + "/" + topicId + "-" + partition + ", fetchOffset="
                + fetchOffset + ", highWatermark=" + highWatermark + ")";
    }
}
