package io.tideway.gateway.handlers.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.RequestUtils;

/**
 * The partitions a Fetch request lists and forgets, keyed the way Kafka's {@code
 * FetchRequest.fetchData} keys them: by topic name below v13; by topic id from v13, with the name
 * resolved through the catalogue (null when the id is unknown, answered {@code
 * UNKNOWN_TOPIC_ID}). A partition listed twice keeps its first position and its last parameters.
 *
 * <p>Thread contract: stateless.
 */
final class FetchRequests {

    private FetchRequests() {
    }

    /**
     * The request's partitions and their parameters, in request order.
     *
     * @param names resolves topic ids (v13+); returns null for an unknown id
     */
    static LinkedHashMap<TopicIdPartition, FetchRequest.PartitionData> fetchData(
            FetchRequest request, Function<Uuid, String> names) {
        boolean usesIds = request.version() >= 13;
        LinkedHashMap<TopicIdPartition, FetchRequest.PartitionData> fetchData =
                new LinkedHashMap<>();
        for (FetchRequestData.FetchTopic topic : request.data().topics()) {
            Uuid topicId = usesIds ? topic.topicId() : Uuid.ZERO_UUID;
            String name = usesIds ? names.apply(topicId) : topic.topic();
            for (FetchRequestData.FetchPartition partition : topic.partitions()) {
                fetchData.put(new TopicIdPartition(topicId, partition.partition(), name),
                        new FetchRequest.PartitionData(topicId, partition.fetchOffset(),
                                partition.logStartOffset(), partition.partitionMaxBytes(),
                                RequestUtils.getLeaderEpoch(partition.currentLeaderEpoch()),
                                lastFetchedEpoch(partition.lastFetchedEpoch())));
            }
        }
        return fetchData;
    }

    /** The partitions an incremental request removes from its session. */
    static List<TopicIdPartition> forgotten(FetchRequest request, Function<Uuid, String> names) {
        boolean usesIds = request.version() >= 13;
        List<TopicIdPartition> forgotten = new ArrayList<>();
        for (FetchRequestData.ForgottenTopic topic : request.data().forgottenTopicsData()) {
            Uuid topicId = usesIds ? topic.topicId() : Uuid.ZERO_UUID;
            String name = usesIds ? names.apply(topicId) : topic.topic();
            for (Integer partition : topic.partitions()) {
                forgotten.add(new TopicIdPartition(topicId, partition, name));
            }
        }
        return forgotten;
    }

    private static Optional<Integer> lastFetchedEpoch(int epoch) {
        return epoch < 0 ? Optional.empty() : Optional.of(epoch);
    }
}
