package io.tideway.gateway.handlers.txn;

import io.tideway.gateway.Reply;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.TxnOffsetCommitResponse;

/**
 * The answers of one TxnOffsetCommit request, gathered per topic (in the order topics were first
 * answered) from the handler's own checks and the group coordinator's response. In the v6
 * response topics are named by id: a topic the coordinator answers by name gets the id the
 * request used.
 *
 * <p>Thread contract: one instance per request; filled before the coordinator is called and
 * merged in its completion, which the future chain orders after the filling.
 */
final class TxnOffsetCommitResults {

    private final boolean byId;
    private final Map<String, TxnOffsetCommitResponseTopic> byName = new LinkedHashMap<>();
    private final Map<Uuid, TxnOffsetCommitResponseTopic> unknownIds = new LinkedHashMap<>();
    private final Map<String, Uuid> ids = new HashMap<>();

    /** @param byId whether the response names topics by id (v6+) */
    TxnOffsetCommitResults(boolean byId) {
        this.byId = byId;
    }

    /** Records the id a v6 request used for {@code name}. */
    void rememberId(String name, Uuid id) {
        ids.put(name, id);
    }

    /** Every partition of a topic whose id is unknown. */
    void failTopic(TxnOffsetCommitRequestTopic topic, Errors error) {
        TxnOffsetCommitResponseTopic answered = unknownIds.computeIfAbsent(topic.topicId(),
                id -> new TxnOffsetCommitResponseTopic().setTopicId(id).setName(""));
        topic.partitions().forEach(partition -> answered.partitions().add(
                partition(partition.partitionIndex(), error)));
    }

    /** One partition. */
    void fail(String name, Uuid id, int partition, Errors error) {
        topic(name, id).partitions().add(partition(partition, error));
    }

    /** Every partition of {@code request}. */
    void failAll(TxnOffsetCommitRequestData request, Errors error) {
        for (TxnOffsetCommitRequestTopic topic : request.topics()) {
            topic.partitions().forEach(partition -> fail(topic.name(), topic.topicId(),
                    partition.partitionIndex(), error));
        }
    }

    /** The group coordinator's answers. */
    void merge(TxnOffsetCommitResponseData response) {
        for (TxnOffsetCommitResponseTopic topic : response.topics()) {
            TxnOffsetCommitResponseTopic into = topic(topic.name(), topic.topicId());
            topic.partitions().forEach(partition -> into.partitions().add(partition.duplicate()));
        }
    }

    /** The response. */
    Reply reply() {
        TxnOffsetCommitResponseData data = new TxnOffsetCommitResponseData();
        data.topics().addAll(byName.values());
        data.topics().addAll(unknownIds.values());
        return Reply.of(new TxnOffsetCommitResponse(data));
    }

    private TxnOffsetCommitResponseTopic topic(String name, Uuid id) {
        return byName.computeIfAbsent(name, n -> new TxnOffsetCommitResponseTopic().setName(n)
                .setTopicId(byId ? ids.getOrDefault(n, id == null ? Uuid.ZERO_UUID : id)
                        : Uuid.ZERO_UUID));
    }

    private static TxnOffsetCommitResponsePartition partition(int index, Errors error) {
        return new TxnOffsetCommitResponsePartition().setPartitionIndex(index)
                .setErrorCode(error.code());
    }
}
