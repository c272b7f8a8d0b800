package io.tideway.server.groups;

import io.tideway.server.testing.KafkaClients;
import io.tideway.server.testing.RunningBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * A set of group consumers polled round-robin from the test thread, with a count of rebalance
 * callbacks per consumer.
 *
 * <p>Not thread-safe: used by one test thread.
 */
final class GroupConsumers implements AutoCloseable {

    private final RunningBroker broker;
    private final String groupId;
    private final String protocol;
    private final List<KafkaConsumer<String, String>> consumers = new ArrayList<>();
    private final List<AtomicInteger> rebalances = new ArrayList<>();
    private final Map<Integer, Integer> consumed = new HashMap<>();
    private final Map<Integer, Set<String>> values = new HashMap<>();

    GroupConsumers(RunningBroker broker, String groupId, String protocol) {
        this.broker = broker;
        this.groupId = groupId;
        this.protocol = protocol;
    }

    /** Adds a consumer subscribed to {@code topic}; returns its index. */
    int add(String topic, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol);
        if (protocol.equals("classic")) {
            config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000);
            config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
        }
        config.putAll(overrides);
        KafkaConsumer<String, String> consumer = KafkaClients.consumer(broker, config);
        AtomicInteger count = new AtomicInteger();
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                if (!partitions.isEmpty()) {
                    count.incrementAndGet();
                }
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                if (!partitions.isEmpty()) {
                    count.incrementAndGet();
                }
            }
        });
        consumers.add(consumer);
        rebalances.add(count);
        return consumers.size() - 1;
    }

    int add(String topic) {
        return add(topic, Map.of());
    }

    /** Polls every open consumer once, briefly; counts the records each received. */
    void pollAll() {
        for (int i = 0; i < consumers.size(); i++) {
            KafkaConsumer<String, String> consumer = consumers.get(i);
            if (consumer != null) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(30));
                consumed.merge(i, records.count(), Integer::sum);
                Set<String> seen = values.computeIfAbsent(i, k -> new HashSet<>());
                records.forEach(record -> seen.add(record.value()));
            }
        }
    }

    KafkaConsumer<String, String> get(int index) {
        return consumers.get(index);
    }

    /** Records consumer {@code index} received so far. */
    int consumed(int index) {
        return consumed.getOrDefault(index, 0);
    }

    /** The distinct record values consumer {@code index} received so far. */
    Set<String> distinctValues(int index) {
        return values.getOrDefault(index, Set.of());
    }

    int rebalanceCallbacks(int index) {
        return rebalances.get(index).get();
    }

    /** The assignment of each open consumer. */
    List<Set<TopicPartition>> assignments() {
        List<Set<TopicPartition>> result = new ArrayList<>();
        for (KafkaConsumer<String, String> consumer : consumers) {
            if (consumer != null) {
                result.add(consumer.assignment());
            }
        }
        return result;
    }

    /** Closes consumer {@code index} (a dynamic member leaves the group). */
    void close(int index) {
        consumers.get(index).close(Duration.ofSeconds(10));
        consumers.set(index, null);
    }

    @Override
    public void close() {
        for (int i = 0; i < consumers.size(); i++) {
            if (consumers.get(i) != null) {
                close(i);
            }
        }
    }
}
