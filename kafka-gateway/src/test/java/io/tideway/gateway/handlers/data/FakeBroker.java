package io.tideway.gateway.handlers.data;

import io.tideway.broker.Broker;
import io.tideway.broker.BrokerConfigService;
import io.tideway.broker.ClusterIdentity;
import io.tideway.broker.ConfigEntryView;
import io.tideway.broker.LogDirService;
import io.tideway.broker.Partition;
import io.tideway.broker.PartitionService;
import io.tideway.broker.ProducerIdService;
import io.tideway.broker.TopicInfo;
import io.tideway.broker.TopicService;
import io.tideway.broker.TopicSpec;
import io.tideway.broker.log.LogDirFlusher;
import io.tideway.gateway.handlers.group.FakeGroupCoordinator;
import io.tideway.gateway.handlers.txn.FakeTransactionCoordinator;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;

/**
 * A small in-memory engine for handler tests: a topic catalogue, {@link FakePartition}s on real
 * segment logs under a temporary directory, offline partitions, a producer id counter, a {@link
 * FakeTransactionCoordinator} and a {@link FakeGroupCoordinator}. Only what the data-path and
 * transaction handlers call is implemented; the rest throws. Public for the transaction handler
 * tests.
 *
 * <p>Thread-safe: concurrent maps and atomics; partitions run their operations on their own
 * Vert.x context (one shared "engine" context, another event loop than the test's requests).
 */
public final class FakeBroker implements Broker {

    static final int NODE_ID = 7;

    private final Path root;
    private final LogDirFlusher flusher;
    private final Context engineContext;
    private final Map<String, TopicInfo> topics = new ConcurrentHashMap<>();
    private final Map<String, String> cleanupPolicies = new ConcurrentHashMap<>();
    private final Map<TopicPartition, FakePartition> partitions = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Throwable> offline = new ConcurrentHashMap<>();
    private final AtomicLong nextProducerId = new AtomicLong(1000);
    private final AtomicReference<RuntimeException> producerIdFailure = new AtomicReference<>();
    private final FakeTransactionCoordinator transactions =
            new FakeTransactionCoordinator(System::currentTimeMillis);
    private final FakeGroupCoordinator groups = new FakeGroupCoordinator();

    /**
     * @param vertx runs the partitions' owning context
     * @param root the directory of the partitions' logs
     */
    public FakeBroker(Vertx vertx, Path root) {
        this.root = root;
        this.flusher = new LogDirFlusher(root);
        this.engineContext = vertx.getOrCreateContext();
    }

    /** Creates a topic whose partitions are all open. */
    public TopicInfo createTopic(String name, int partitionCount) throws Exception {
        return createTopic(name, partitionCount, false);
    }

    public TopicInfo createTopic(String name, int partitionCount, boolean internal)
            throws Exception {
        TopicInfo topic = new TopicInfo(name, Uuid.randomUuid(), partitionCount, Map.of(),
                internal);
        topics.put(name, topic);
        for (int index = 0; index < partitionCount; index++) {
            TopicPartition tp = new TopicPartition(name, index);
            Path dir = Files.createDirectories(root.resolve(tp + "-" + topic.id()));
            partitions.put(tp, new FakePartition(tp, topic.id(), dir, flusher, engineContext));
        }
        return topic;
    }

    /** Deletes a topic and creates it again: same name, new id, empty partitions. */
    TopicInfo recreateTopic(String name, int partitionCount) throws Exception {
        TopicInfo old = topics.remove(name);
        for (int index = 0; index < old.partitionCount(); index++) {
            FakePartition partition = partitions.remove(new TopicPartition(name, index));
            if (partition != null) {
                partition.close();
            }
        }
        return createTopic(name, partitionCount, old.internal());
    }

    public FakePartition partition(String topic, int index) {
        return partitions.get(new TopicPartition(topic, index));
    }

    /** Takes a partition offline (it stays in the catalogue). */
    public void takeOffline(TopicPartition partition, Throwable cause) {
        partitions.remove(partition).close();
        offline.put(partition, cause);
    }

    /** Closes a partition without a cause (as while it is being opened or deleted). */
    public void closePartition(TopicPartition partition) {
        partitions.remove(partition).close();
    }

    void setCleanupPolicy(String topic, String policy) {
        cleanupPolicies.put(topic, policy);
    }

    void failProducerIds(RuntimeException failure) {
        producerIdFailure.set(failure);
    }

    @Override
    public ClusterIdentity identity() {
        return new ClusterIdentity("fake-cluster", NODE_ID, null);
    }

    @Override
    public TopicService topics() {
        return new Topics();
    }

    @Override
    public PartitionService partitions() {
        return new PartitionService() {
            @Override
            public Optional<Partition> get(TopicPartition partition) {
                return Optional.ofNullable(partitions.get(partition));
            }

            @Override
            public Optional<Partition> get(Uuid topicId, int partition) {
                return topics.values().stream().filter(topic -> topic.id().equals(topicId))
                        .findFirst()
                        .flatMap(topic -> get(new TopicPartition(topic.name(), partition)));
            }

            @Override
            public Optional<Throwable> offlineCause(TopicPartition partition) {
                return Optional.ofNullable(offline.get(partition));
            }
        };
    }

    @Override
    public ProducerIdService producerIds() {
        return () -> {
            RuntimeException failure = producerIdFailure.get();
            return failure != null ? Future.failedFuture(failure)
                    : Future.succeededFuture(nextProducerId.getAndIncrement());
        };
    }

    @Override
    public BrokerConfigService brokerConfigs() {
        throw new UnsupportedOperationException("not used by the data path");
    }

    @Override
    public LogDirService logDirs() {
        throw new UnsupportedOperationException("not used by the data path");
    }

    @Override
    public Future<Void> close() {
        partitions.values().forEach(FakePartition::close);
        partitions.clear();
        flusher.close();
        return Future.succeededFuture();
    }

    /** The catalogue view. */
    private final class Topics implements TopicService {

        @Override
        public Collection<TopicInfo> all() {
            return new ArrayList<>(topics.values());
        }

        @Override
        public Optional<TopicInfo> byName(String name) {
            return Optional.ofNullable(topics.get(name));
        }

        @Override
        public Optional<TopicInfo> byId(Uuid id) {
            return topics.values().stream().filter(topic -> topic.id().equals(id)).findFirst();
        }

        @Override
        public Future<List<ConfigEntryView>> describeConfigs(String name) {
            if (!topics.containsKey(name)) {
                return Future.failedFuture(new UnknownTopicOrPartitionException(name));
            }
            String policy = cleanupPolicies.getOrDefault(name, TopicConfig.CLEANUP_POLICY_DELETE);
            return Future.succeededFuture(List.of(new ConfigEntryView(
                    TopicConfig.CLEANUP_POLICY_CONFIG, policy, ConfigSource.DEFAULT_CONFIG, false,
                    false, null, "")));
        }

        @Override
        public Future<TopicInfo> create(TopicSpec spec, boolean validateOnly) {
            throw new UnsupportedOperationException("not used by the data path");
        }

        @Override
        public Future<TopicInfo> autoCreate(String name) {
            throw new UnsupportedOperationException("the data path never creates topics");
        }

        @Override
        public boolean autoCreateEnabled() {
            return true;
        }

        @Override
        public Future<TopicInfo> delete(String name) {
            throw new UnsupportedOperationException("not used by the data path");
        }

        @Override
        public Future<TopicInfo> delete(Uuid id) {
            throw new UnsupportedOperationException("not used by the data path");
        }

        @Override
        public Future<TopicInfo> createPartitions(String name, int totalCount,
                boolean validateOnly) {
            throw new UnsupportedOperationException("not used by the data path");
        }

        @Override
        public Future<TopicInfo> replaceConfigs(String name, Map<String, String> overrides,
                boolean validateOnly) {
            throw new UnsupportedOperationException("not used by the data path");
        }
    }

    @Override
    public FakeGroupCoordinator groups() {
        return groups;
    }

    @Override
    public FakeTransactionCoordinator transactions() {
        return transactions;
    }
}
