package io.tideway.gateway.handlers.admin;

import io.tideway.broker.Partition;
import io.tideway.broker.PartitionService;
import io.tideway.broker.TopicInfo;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

/**
 * Partitions of the {@link FakeTopicService}'s topics: every partition is open at epoch 0 unless
 * marked offline (with a cause) or closed (not open, no cause). Thread-safe.
 */
final class FakePartitionService implements PartitionService {

    private final FakeTopicService topics;
    private final Map<TopicPartition, Throwable> offline = new ConcurrentHashMap<>();
    private final Set<TopicPartition> closed = ConcurrentHashMap.newKeySet();

    FakePartitionService(FakeTopicService topics) {
        this.topics = topics;
    }

    void offline(TopicPartition partition, Throwable cause) {
        offline.put(partition, cause);
    }

    void closed(TopicPartition partition) {
        closed.add(partition);
    }

    @Override
    public Optional<Partition> get(TopicPartition partition) {
        Optional<TopicInfo> topic = topics.byName(partition.topic());
        if (topic.isEmpty() || partition.partition() < 0
                || partition.partition() >= topic.get().partitionCount()
                || offline.containsKey(partition) || closed.contains(partition)) {
            return Optional.empty();
        }
        return Optional.of(new FakePartition(partition, topic.get().id(), 0));
    }

    @Override
    public Optional<Partition> get(Uuid topicId, int partition) {
        return topics.byId(topicId).flatMap(topic ->
                get(new TopicPartition(topic.name(), partition)));
    }

    @Override
    public Optional<Throwable> offlineCause(TopicPartition partition) {
        return Optional.ofNullable(offline.get(partition));
    }
}
