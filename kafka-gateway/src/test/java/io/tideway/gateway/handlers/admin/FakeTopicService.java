package io.tideway.gateway.handlers.admin;

import io.tideway.broker.ConfigEntryView;
import io.tideway.broker.TopicInfo;
import io.tideway.broker.TopicService;
import io.tideway.broker.TopicSpec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;

/**
 * An in-memory {@link TopicService} with the engine's documented validation: Kafka topic names,
 * replication factor 1 or -1, positive partition counts, and configs checked against a small
 * {@link ConfigDef}. Futures complete at once, or later on {@link #completeOn} a given context to
 * exercise asynchronous completion. Failures can be injected per topic. Thread-safe.
 */
final class FakeTopicService implements TopicService {

    static final int DEFAULT_PARTITIONS = 3;

    static final ConfigDef CONFIGS = new ConfigDef()
            .define("retention.ms", ConfigDef.Type.LONG, 604_800_000L, ConfigDef.Range.atLeast(-1),
                    ConfigDef.Importance.HIGH, "How long to keep data.")
            .define("cleanup.policy", ConfigDef.Type.LIST, "delete", ConfigDef.Importance.MEDIUM,
                    "delete and/or compact.")
            .define("segment.bytes", ConfigDef.Type.INT, 1_073_741_824, ConfigDef.Range.atLeast(14),
                    ConfigDef.Importance.MEDIUM, "Segment size.")
            .define("leader.replication.throttled.replicas", ConfigDef.Type.LIST, "",
                    ConfigDef.Importance.LOW, "Throttled replicas.");

    private final Map<String, TopicInfo> topics = new ConcurrentHashMap<>();
    private final Map<String, RuntimeException> failures = new ConcurrentHashMap<>();
    final List<String> autoCreated = new CopyOnWriteArrayList<>();
    final List<Map<String, String>> replaced = new CopyOnWriteArrayList<>();
    private volatile boolean autoCreateEnabled = true;
    private volatile Context completionContext;
    private volatile RuntimeException describeFailure;

    /** Adds a topic directly. */
    TopicInfo add(String name, int partitions, Map<String, String> overrides) {
        TopicInfo info = new TopicInfo(name, Uuid.randomUuid(), partitions, overrides,
                Topic.isInternal(name));
        topics.put(name, info);
        return info;
    }

    void autoCreateEnabled(boolean enabled) {
        autoCreateEnabled = enabled;
    }

    /** Every later mutation of {@code topic} fails with {@code failure}. */
    void failOn(String topic, RuntimeException failure) {
        failures.put(topic, failure);
    }

    /** Every later describeConfigs fails with {@code failure}. */
    void failDescribe(RuntimeException failure) {
        describeFailure = failure;
    }

    /** Completes futures later, on {@code context}, instead of at once. */
    void completeOn(Context context) {
        completionContext = context;
    }

    @Override
    public Collection<TopicInfo> all() {
        return List.copyOf(topics.values());
    }

    @Override
    public Optional<TopicInfo> byName(String name) {
        return Optional.ofNullable(name == null ? null : topics.get(name));
    }

    @Override
    public Optional<TopicInfo> byId(Uuid id) {
        return topics.values().stream().filter(topic -> topic.id().equals(id)).findFirst();
    }

    @Override
    public Future<TopicInfo> create(TopicSpec spec, boolean validateOnly) {
        return deliver(spec.name(), () -> {
            Topic.validate(spec.name());
            if (topics.containsKey(spec.name())) {
                throw new TopicExistsException("Topic '" + spec.name() + "' already exists.");
            }
            short rf = spec.replicationFactor();
            if (rf == 0 || rf < -1) {
                throw new InvalidReplicationFactorException("Replication factor must be larger "
                        + "than 0, or -1 to use the default value.");
            }
            if (rf > 1) {
                throw new InvalidReplicationFactorException("Unable to replicate the partition "
                        + rf + " time(s): only 1 broker(s) are registered.");
            }
            if (spec.numPartitions() == 0 || spec.numPartitions() < -1) {
                throw new InvalidPartitionsException(
                        "Number of partitions was set to an invalid non-positive value.");
            }
            validate(spec.configs());
            int partitions = spec.numPartitions() == -1 ? DEFAULT_PARTITIONS : spec.numPartitions();
            TopicInfo info = new TopicInfo(spec.name(), Uuid.randomUuid(), partitions,
                    spec.configs(), false);
            if (!validateOnly) {
                topics.put(spec.name(), info);
            }
            return info;
        });
    }

    @Override
    public Future<TopicInfo> autoCreate(String name) {
        autoCreated.add(name);
        if (!autoCreateEnabled) {
            return Future.failedFuture(new UnknownTopicOrPartitionException());
        }
        return create(new TopicSpec(name, -1, (short) -1, Map.of()), false);
    }

    @Override
    public boolean autoCreateEnabled() {
        return autoCreateEnabled;
    }

    @Override
    public Future<TopicInfo> delete(String name) {
        return deliver(name, () -> {
            TopicInfo removed = topics.remove(name);
            if (removed == null) {
                throw new UnknownTopicOrPartitionException();
            }
            return removed;
        });
    }

    @Override
    public Future<TopicInfo> delete(Uuid id) {
        TopicInfo topic = byId(id).orElse(null);
        if (topic == null) {
            return Future.failedFuture(new UnknownTopicIdException("No topic with id " + id));
        }
        return delete(topic.name());
    }

    @Override
    public Future<TopicInfo> createPartitions(String name, int totalCount, boolean validateOnly) {
        return deliver(name, () -> {
            TopicInfo topic = existing(name);
            if (totalCount <= topic.partitionCount()) {
                throw new InvalidPartitionsException("Cannot shrink " + name);
            }
            TopicInfo grown = new TopicInfo(name, topic.id(), totalCount, topic.configOverrides(),
                    topic.internal());
            if (!validateOnly) {
                topics.put(name, grown);
            }
            return grown;
        });
    }

    @Override
    public Future<List<ConfigEntryView>> describeConfigs(String name) {
        return deliver(name, () -> {
            if (describeFailure != null) {
                throw describeFailure;
            }
            TopicInfo topic = existing(name);
            List<ConfigEntryView> entries = new ArrayList<>();
            for (ConfigDef.ConfigKey key : CONFIGS.configKeys().values()) {
                String override = topic.configOverrides().get(key.name);
                entries.add(new ConfigEntryView(key.name,
                        override != null ? override
                                : ConfigDef.convertToString(key.defaultValue, key.type),
                        override != null ? ConfigSource.TOPIC_CONFIG : ConfigSource.DEFAULT_CONFIG,
                        false, false, key.type, key.documentation));
            }
            return entries;
        });
    }

    @Override
    public Future<TopicInfo> replaceConfigs(String name, Map<String, String> overrides,
            boolean validateOnly) {
        return deliver(name, () -> {
            TopicInfo topic = existing(name);
            validate(overrides);
            TopicInfo updated = new TopicInfo(name, topic.id(), topic.partitionCount(), overrides,
                    topic.internal());
            if (!validateOnly) {
                topics.put(name, updated);
                replaced.add(Map.copyOf(overrides));
            }
            return updated;
        });
    }

    private TopicInfo existing(String name) {
        TopicInfo topic = topics.get(name);
        if (topic == null) {
            throw new UnknownTopicOrPartitionException("Topic " + name + " does not exist");
        }
        return topic;
    }

    private static void validate(Map<String, String> configs) {
        for (String key : configs.keySet()) {
            if (!CONFIGS.names().contains(key)) {
                throw new InvalidConfigurationException("Unknown topic config name: " + key);
            }
        }
        try {
            CONFIGS.parse(configs);
        } catch (ConfigException e) {
            throw new InvalidConfigurationException(e.getMessage());
        }
    }

    private <T> Future<T> deliver(String topic, Supplier<T> operation) {
        Promise<T> promise = Promise.promise();
        try {
            RuntimeException injected = failures.get(topic);
            if (injected != null) {
                throw injected;
            }
            T result = operation.get();
            complete(() -> promise.complete(result));
        } catch (RuntimeException e) {
            complete(() -> promise.fail(e));
        }
        return promise.future();
    }

    private void complete(Runnable completion) {
        Context context = completionContext;
        if (context == null) {
            completion.run();
        } else {
            context.runOnContext(ignored -> completion.run());
        }
    }
}
