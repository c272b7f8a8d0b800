package io.tideway.gateway.handlers.group;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.OffsetFetchResponse;

/**
 * Partition indexes below zero in the group offset APIs. They name no partition, and the group
 * store cannot key them (its partition names are 0 or more), so the handlers take them out before
 * the coordinator sees the request and answer them themselves: OffsetFetch as Kafka answers any
 * partition without a committed offset (offset -1, no error), OffsetDelete with {@code
 * UNKNOWN_TOPIC_OR_PARTITION}.
 *
 * <p>Thread-safe: stateless; each call works on its own copies.
 */
final class NegativeIndexes {

    private NegativeIndexes() {
    }

    /** {@code group} without negative indexes (a copy when there are any). */
    static OffsetFetchRequestData.OffsetFetchRequestGroup strip(
            OffsetFetchRequestData.OffsetFetchRequestGroup group, Map<String, List<Integer>> into) {
        if (group.topics() == null || group.topics().stream()
                .allMatch(t -> t.partitionIndexes().stream().allMatch(p -> p >= 0))) {
            return group;
        }
        OffsetFetchRequestData.OffsetFetchRequestGroup copy = group.duplicate();
        for (OffsetFetchRequestData.OffsetFetchRequestTopics topic : copy.topics()) {
            List<Integer> kept = new ArrayList<>();
            for (int index : topic.partitionIndexes()) {
                if (index < 0) {
                    into.computeIfAbsent(topic.name(), n -> new ArrayList<>()).add(index);
                } else {
                    kept.add(index);
                }
            }
            topic.setPartitionIndexes(kept);
        }
        return copy;
    }

    /** Adds the removed indexes to {@code response} as partitions without a committed offset. */
    static OffsetFetchResponseData.OffsetFetchResponseGroup answer(
            OffsetFetchResponseData.OffsetFetchResponseGroup response,
            Map<String, List<Integer>> removed) {
        if (removed.isEmpty() || response.errorCode() != Errors.NONE.code()) {
            return response;
        }
        Map<String, OffsetFetchResponseData.OffsetFetchResponseTopics> topics =
                new LinkedHashMap<>();
        response.topics().forEach(topic -> topics.put(topic.name(), topic));
        removed.forEach((name, indexes) -> {
            OffsetFetchResponseData.OffsetFetchResponseTopics topic = topics.computeIfAbsent(name,
                    n -> {
                        var added = new OffsetFetchResponseData.OffsetFetchResponseTopics()
                                .setName(n);
                        response.topics().add(added);
                        return added;
                    });
            indexes.forEach(index -> topic.partitions().add(
                    new OffsetFetchResponseData.OffsetFetchResponsePartitions()
                            .setPartitionIndex(index)
                            .setCommittedOffset(OffsetFetchResponse.INVALID_OFFSET)
                            .setMetadata(OffsetFetchResponse.NO_METADATA)
                            .setErrorCode(Errors.NONE.code())));
        });
        return response;
    }

    /** {@code data} without negative indexes (a copy when there are any). */
    static OffsetDeleteRequestData strip(OffsetDeleteRequestData data,
            Map<String, List<Integer>> into) {
        if (data.topics().stream().allMatch(t -> t.partitions().stream()
                .allMatch(p -> p.partitionIndex() >= 0))) {
            return data;
        }
        OffsetDeleteRequestData copy = data.duplicate();
        for (OffsetDeleteRequestData.OffsetDeleteRequestTopic topic : copy.topics()) {
            topic.partitions().removeIf(p -> {
                if (p.partitionIndex() < 0) {
                    into.computeIfAbsent(topic.name(), n -> new ArrayList<>())
                            .add(p.partitionIndex());
                    return true;
                }
                return false;
            });
        }
        return copy;
    }

    /** Adds the removed indexes to {@code response} with {@code UNKNOWN_TOPIC_OR_PARTITION}. */
    static OffsetDeleteResponseData answer(OffsetDeleteResponseData response,
            Map<String, List<Integer>> removed) {
        if (removed.isEmpty() || response.errorCode() != Errors.NONE.code()) {
            return response;
        }
        removed.forEach((name, indexes) -> {
            var topic = response.topics().find(name);
            if (topic == null) {
                topic = new OffsetDeleteResponseData.OffsetDeleteResponseTopic().setName(name);
                response.topics().add(topic);
            }
            for (int index : indexes) {
                topic.partitions().add(
                        new OffsetDeleteResponseData.OffsetDeleteResponsePartition()
                                .setPartitionIndex(index)
                                .setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code()));
            }
        });
        return response;
    }
}
