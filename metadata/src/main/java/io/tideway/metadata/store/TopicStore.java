package io.tideway.metadata.store;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import io.tideway.metadata.KeyLayout;
import io.tideway.metadata.KeyValue;
import io.tideway.metadata.MetadataFormatException;
import io.tideway.metadata.MetadataStore;
import io.tideway.metadata.ReadTransaction;
import io.tideway.metadata.Transaction;
import io.tideway.metadata.internal.VersionedValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Topics: create (names unique, enforced in the creating transaction), look up by name or id,
 * list, delete (with configs and segment index), add partitions, alter configs.
 *
 * <p>Value formats v1: name entry {@code (1, topicId)}; meta {@code (1, name, partitionCount)};
 * config {@code (1, value)}. Thread-safe; futures complete on the store's threads. Failures:
 * {@link TopicExistsException}, {@link UnknownTopicException}, {@link IllegalArgumentException}
 * for invalid names, counts or configs.
 */
public final class TopicStore {

    private static final int FORMAT = 1;

    private final MetadataStore store;
    private final KeyLayout layout;

    /**
     * @param store the metadata store
     * @param layout the cluster's key layout
     */
    public TopicStore(MetadataStore store, KeyLayout layout) {
        this.store = store;
        this.layout = layout;
    }

    /**
     * Creates a topic with a new random id.
     *
     * @param name the topic name (Kafka's naming rules)
     * @param partitionCount 1 or more
     * @param configs config overrides
     * @return the created topic; fails with {@link TopicExistsException} if the name is taken
     */
    public CompletableFuture<TopicMetadata> create(String name, int partitionCount, Map<String, String> configs) {
        TopicNames.validate(name);
        TopicNames.validateConfigs(name, configs);
        TopicMetadata topic = TopicMetadata.of(UUID.randomUUID(), name, partitionCount, configs);
        return store.run(tx -> tx.get(layout.topicName(name)).thenApply(existing -> {
            if (existing != null) {
                throw new TopicExistsException(name);
            }
            tx.set(layout.topicName(name), VersionedValue.encode(FORMAT, topic.id()));
            tx.set(layout.topicMeta(topic.id()), VersionedValue.encode(FORMAT, name, partitionCount));
            topic.configs().forEach((key, value) -> tx.set(layout.topicConfig(topic.id(), key), VersionedValue.encode(FORMAT, value)));
            return topic;
        }));
    }

    /**
     * @param name a topic name
     * @return the topic, if it exists
     */
    public CompletableFuture<Optional<TopicMetadata>> get(String name) {
        return store.read(tx -> byName(tx, name));
    }

    /**
     * @param topicId a topic id
     * @return the topic, if it exists
     */
    public CompletableFuture<Optional<TopicMetadata>> get(UUID topicId) {
        return store.read(tx -> byId(tx, topicId));
    }

    /** @return every topic, sorted by name */
    public CompletableFuture<List<TopicMetadata>> list() {
        return store.read(tx -> tx.getRange(layout.topics().range()).thenApply(this::decodeAll));
    }

    /**
     * Deletes a topic, its configs and its segment index.
     *
     * @param name the topic name
     * @return the deleted topic; fails with {@link UnknownTopicException} if absent
     */
    public CompletableFuture<TopicMetadata> delete(String name) {
        return store.run(tx -> require(byName(tx, name), "'" + name + "'").thenApply(topic -> remove(tx, topic)));
    }

    /**
     * Deletes a topic by id, with its configs and segment index.
     *
     * @param topicId the topic id
     * @return the deleted topic; fails with {@link UnknownTopicException} if absent
     */
    public CompletableFuture<TopicMetadata> delete(UUID topicId) {
        return store.run(tx -> require(byId(tx, topicId), "with id " + topicId).thenApply(topic -> remove(tx, topic)));
    }

    /**
     * Raises a topic's partition count (Kafka's CreatePartitions: the new total).
     *
     * @param name the topic name
     * @param newPartitionCount the new total, larger than the current one
     * @return the updated topic
     */
    public CompletableFuture<TopicMetadata> addPartitions(String name, int newPartitionCount) {
        return store.run(tx -> require(byName(tx, name), "'" + name + "'").thenApply(topic -> {
            if (newPartitionCount <= topic.partitionCount()) {
                throw new IllegalArgumentException("Topic '" + name + "' has " + topic.partitionCount()
                        + " partitions: the new partition count " + newPartitionCount + " must be larger");
            }
            tx.set(layout.topicMeta(topic.id()), VersionedValue.encode(FORMAT, name, newPartitionCount));
            return new TopicMetadata(topic.id(), name, newPartitionCount, topic.configs());
        }));
    }

    /**
     * Sets and removes config overrides in one transaction.
     *
     * @param name the topic name
     * @param set overrides to set
     * @param remove overrides to remove (absent ones are ignored)
     * @return the updated topic
     */
    public CompletableFuture<TopicMetadata> alterConfigs(String name, Map<String, String> set, Collection<String> remove) {
        TopicNames.validateConfigs(name, set);
        List<String> removed = List.copyOf(remove);
        return store.run(tx -> require(byName(tx, name), "'" + name + "'").thenApply(topic -> {
            Map<String, String> configs = new TreeMap<>(topic.configs());
            for (String key : removed) {
                tx.clear(layout.topicConfig(topic.id(), key));
                configs.remove(key);
            }
            set.forEach((key, value) -> {
                tx.set(layout.topicConfig(topic.id(), key), VersionedValue.encode(FORMAT, value));
                configs.put(key, value);
            });
            return TopicMetadata.of(topic.id(), name, topic.partitionCount(), configs);
        }));
    }

    private CompletableFuture<Optional<TopicMetadata>> byName(ReadTransaction tx, String name) {
        return tx.get(layout.topicName(name)).thenCompose(idValue -> idValue == null
                ? CompletableFuture.completedFuture(Optional.empty())
                : byId(tx, VersionedValue.decode(idValue, "topic name " + name, FORMAT, 1).fields().getUUID(0)));
    }

    private CompletableFuture<Optional<TopicMetadata>> byId(ReadTransaction tx, UUID topicId) {
        return tx.getRange(layout.topic(topicId).range()).thenApply(pairs -> decodeAll(pairs).stream().findFirst());
    }

    private TopicMetadata remove(Transaction tx, TopicMetadata topic) {
        tx.clear(layout.topicName(topic.name()));
        tx.clearRange(layout.topic(topic.id()).range());
        tx.clearRange(layout.segments(topic.id()).range());
        return topic;
    }

    /** Decodes meta and config entries of any number of topics, grouped by id, sorted by name. */
    private List<TopicMetadata> decodeAll(List<KeyValue> pairs) {
        Subspace topics = layout.topics();
        Map<UUID, Map<String, String>> configs = new LinkedHashMap<>();
        Map<UUID, Tuple> metas = new LinkedHashMap<>();
        for (KeyValue pair : pairs) {
            Tuple key = topics.unpack(pair.key());
            UUID id = key.getUUID(0);
            String kind = key.getString(1);
            if ("meta".equals(kind)) {
                metas.put(id, VersionedValue.decode(pair.value(), "topic " + id, FORMAT, 2).fields());
            } else if ("config".equals(kind)) {
                String configName = key.getString(2);
                configs.computeIfAbsent(id, k -> new TreeMap<>()).put(configName,
                        VersionedValue.decode(pair.value(), "topic " + id + " config " + configName, FORMAT, 1).fields().getString(0));
            } else {
                throw new MetadataFormatException("Unexpected key under topic " + id + ": " + key);
            }
        }
        List<TopicMetadata> result = new ArrayList<>(metas.size());
        metas.forEach((id, meta) -> result.add(TopicMetadata.of(id, meta.getString(0), (int) meta.getLong(1),
                configs.getOrDefault(id, Map.of()))));
        result.sort(Comparator.comparing(TopicMetadata::name));
        return result;
    }

    private static <T> CompletableFuture<T> require(CompletableFuture<Optional<T>> lookup, String what) {
        return lookup.thenApply(found -> found.orElseThrow(() -> new UnknownTopicException(what)));
    }
}
