package io.tideway.metadata;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import java.util.Objects;
import java.util.UUID;

/**
 * The one definition of the cluster's key space. Every key is a FoundationDB tuple (pure Java,
 * the same bytes on both backends) under the cluster root {@code ("tideway", namespace)}; typed
 * stores build keys only through this class. Integers use the tuple layer's order-preserving
 * encoding, so partitions and offsets sort numerically.
 *
 * <pre>
 * ("tideway", namespace)
 * ├── "cluster"
 * │   ├── "id"                                  → (v1, clusterId)                     cluster id
 * │   └── "broker_epoch"                        → (v1, lastEpoch)                     broker epoch counter
 * ├── "brokers"
 * │   └── brokerId                              → (v1, host, port, rack, epoch)       registrations
 * ├── "topics"
 * │   ├── "name"
 * │   │   └── topicName                         → (v1, topicId)                       name → id, uniqueness
 * │   └── "id"
 * │       └── topicId (UUID)
 * │           ├── "meta"                        → (v1, name, partitionCount)
 * │           └── "config"
 * │               └── configName                → (v1, value)
 * ├── "segments"
 * │   └── topicId (UUID)
 * │       └── partition
 * │           └── baseOffset                    → (v1, endOffset, sizeBytes,          segment index
 * │                                                 maxTimestamp, state)
 * ├── "offsets"
 * │   └── group
 * │       └── topicName
 * │           └── partition                     → (v2, offset, leaderEpoch,           committed offsets
 * │                                                 metadata, commitTimestamp, stamp)
 * ├── "txn_offsets"
 * │   ├── "pending"
 * │   │   └── producerId
 * │   │       └── group
 * │   │           └── topicName
 * │   │               └── partition             → (v1, producerEpoch, offset,         transactional offsets
 * │   │                                             leaderEpoch, metadata,            awaiting their
 * │   │                                             commitTimestamp, stamp)           transaction's marker
 * │   ├── "by_group"
 * │   │   └── group
 * │   │       └── topicName
 * │   │           └── partition
 * │   │               └── producerId            → (v1)                                "pending" by group
 * │   └── "producers"
 * │       └── producerId                        → (v1, lastEpoch, updateTimestamp)    epochs seen, fencing
 * ├── "producer_ids"
 * │   └── "next"                                → (v1, nextProducerId)                id block allocation
 * ├── "broker_config"
 * │   └── configName                            → (v1, value)                         dynamic cluster-wide
 * │                                                                                      broker config
 * └── "transactions"
 *     └── transactionalId                       → (v1, producerId, epoch, state,      transaction
 *                                                   timeoutMs, startTimestamp,        coordinator state
 *                                                   lastUpdateTimestamp,
 *                                                   (topic, partition, ...))
 * </pre>
 *
 * <p>Values are tuples whose first element is the record's format version ({@code v1} above);
 * see {@code io.tideway.metadata.store}. A {@code stamp} is the versionstamp of the metadata
 * transaction that wrote the offset (Kafka orders offset commits by their position in
 * {@code __consumer_offsets}; the commit order of the store plays that part here).
 * Changing any key here changes the stored layout:
 * {@code KeyLayoutTest} pins the bytes so that such a change cannot go unnoticed.
 *
 * <p>Immutable and thread-safe.
 */
public final class KeyLayout {

    /** First element of every Tideway key. */
    public static final String ROOT = "tideway";

    private final String namespace;
    private final Subspace root;
    private final Subspace cluster;
    private final Subspace brokers;
    private final Subspace topicNames;
    private final Subspace topics;
    private final Subspace segments;
    private final Subspace offsets;
    private final Subspace producerIds;
    private final Subspace brokerConfigs;
    private final Subspace transactions;
    private final Subspace pendingOffsets;
    private final Subspace pendingOffsetsByGroup;
    private final Subspace offsetProducers;

    /**
     * @param namespace the cluster's namespace ({@code metadata.namespace}); several clusters may
     *        share one FoundationDB cluster under different namespaces
     */
    public KeyLayout(String namespace) {
        Objects.requireNonNull(namespace, "namespace");
        if (namespace.isBlank()) {
            throw new IllegalArgumentException("Key layout namespace must not be blank");
        }
        this.namespace = namespace;
        this.root = new Subspace(Tuple.from(ROOT, namespace));
        this.cluster = root.get("cluster");
        this.brokers = root.get("brokers");
        Subspace allTopics = root.get("topics");
        this.topicNames = allTopics.get("name");
        this.topics = allTopics.get("id");
        this.segments = root.get("segments");
        this.offsets = root.get("offsets");
        this.producerIds = root.get("producer_ids");
        this.brokerConfigs = root.get("broker_config");
        this.transactions = root.get("transactions");
        Subspace txnOffsets = root.get("txn_offsets");
        this.pendingOffsets = txnOffsets.get("pending");
        this.pendingOffsetsByGroup = txnOffsets.get("by_group");
        this.offsetProducers = txnOffsets.get("producers");
    }

    /** @return the namespace */
    public String namespace() {
        return namespace;
    }

    /** @return the subspace holding all of this cluster's keys */
    public Subspace root() {
        return root;
    }

    /** @return key of the cluster id */
    public byte[] clusterId() {
        return cluster.pack(Tuple.from("id"));
    }

    /** @return key of the counter that hands out broker registration epochs */
    public byte[] brokerEpochCounter() {
        return cluster.pack(Tuple.from("broker_epoch"));
    }

    /** @return subspace of broker registrations, keyed by broker id */
    public Subspace brokers() {
        return brokers;
    }

    /**
     * @param brokerId the broker id
     * @return key of one broker's registration
     */
    public byte[] broker(int brokerId) {
        return brokers.pack(Tuple.from(brokerId));
    }

    /** @return subspace mapping topic names to topic ids */
    public Subspace topicNames() {
        return topicNames;
    }

    /**
     * @param name the topic name
     * @return key of the name → id entry
     */
    public byte[] topicName(String name) {
        return topicNames.pack(Tuple.from(name));
    }

    /** @return subspace of all topics by id */
    public Subspace topics() {
        return topics;
    }

    /**
     * @param topicId the topic id
     * @return subspace of one topic's metadata and configs
     */
    public Subspace topic(UUID topicId) {
        return topics.get(topicId);
    }

    /**
     * @param topicId the topic id
     * @return key of the topic's name and partition count
     */
    public byte[] topicMeta(UUID topicId) {
        return topic(topicId).pack(Tuple.from("meta"));
    }

    /**
     * @param topicId the topic id
     * @return subspace of the topic's configs
     */
    public Subspace topicConfigs(UUID topicId) {
        return topic(topicId).get("config");
    }

    /**
     * @param topicId the topic id
     * @param name a config name
     * @return key of one config entry
     */
    public byte[] topicConfig(UUID topicId, String name) {
        return topicConfigs(topicId).pack(Tuple.from(name));
    }

    /**
     * @param topicId the topic id
     * @return subspace of the segment index of all the topic's partitions
     */
    public Subspace segments(UUID topicId) {
        return segments.get(topicId);
    }

    /**
     * @param topicId the topic id
     * @param partition the partition
     * @return subspace of one partition's segment index, ordered by base offset
     */
    public Subspace segments(UUID topicId, int partition) {
        return segments(topicId).get(partition);
    }

    /**
     * @param topicId the topic id
     * @param partition the partition
     * @param baseOffset the segment's base offset
     * @return key of one segment record
     */
    public byte[] segment(UUID topicId, int partition, long baseOffset) {
        return segments(topicId, partition).pack(Tuple.from(baseOffset));
    }

    /** @return subspace of every group's committed offsets, keyed by group id first */
    public Subspace allGroupOffsets() {
        return offsets;
    }

    /**
     * @param group the consumer group id
     * @return subspace of the group's committed offsets
     */
    public Subspace groupOffsets(String group) {
        return offsets.get(group);
    }

    /**
     * @param group the consumer group id
     * @param topic the topic name
     * @param partition the partition
     * @return key of one committed offset
     */
    public byte[] groupOffset(String group, String topic, int partition) {
        return groupOffsets(group).pack(Tuple.from(topic, partition));
    }

    /** @return subspace of every pending transactional offset, keyed by producer id first */
    public Subspace allPendingOffsets() {
        return pendingOffsets;
    }

    /**
     * @param producerId the transactional producer's id
     * @return subspace of that producer's pending transactional offsets, by group, topic, partition
     */
    public Subspace pendingOffsets(long producerId) {
        return pendingOffsets.get(producerId);
    }

    /**
     * @param producerId the transactional producer's id
     * @param group the consumer group id
     * @param topic the topic name
     * @param partition the partition
     * @return key of one pending transactional offset
     */
    public byte[] pendingOffset(long producerId, String group, String topic, int partition) {
        return pendingOffsets(producerId).pack(Tuple.from(group, topic, partition));
    }

    /** @return subspace of the by-group index of pending transactional offsets */
    public Subspace allPendingOffsetsByGroup() {
        return pendingOffsetsByGroup;
    }

    /**
     * @param group the consumer group id
     * @return subspace of the group's index entries, by topic, partition, then producer id
     */
    public Subspace pendingOffsetsByGroup(String group) {
        return pendingOffsetsByGroup.get(group);
    }

    /**
     * @param group the consumer group id
     * @param topic the topic name
     * @param partition the partition
     * @return subspace of the index entries of one partition of the group, by producer id
     */
    public Subspace pendingOffsetsByGroup(String group, String topic, int partition) {
        return pendingOffsetsByGroup(group).get(topic).get(partition);
    }

    /**
     * @param group the consumer group id
     * @param topic the topic name
     * @param partition the partition
     * @param producerId the transactional producer's id
     * @return key of the index entry of one pending transactional offset
     */
    public byte[] pendingOffsetByGroup(String group, String topic, int partition, long producerId) {
        return pendingOffsetsByGroup(group).pack(Tuple.from(topic, partition, producerId));
    }

    /** @return subspace of the last producer epoch seen by transactional offset commits */
    public Subspace offsetProducers() {
        return offsetProducers;
    }

    /**
     * @param producerId the transactional producer's id
     * @return key of the last epoch of that producer seen by transactional offset commits
     */
    public byte[] offsetProducer(long producerId) {
        return offsetProducers.pack(Tuple.from(producerId));
    }

    /** @return key of the next unallocated producer id */
    public byte[] nextProducerId() {
        return producerIds.pack(Tuple.from("next"));
    }

    /** @return subspace of the dynamic cluster-wide broker configs, keyed by config name */
    public Subspace brokerConfigs() {
        return brokerConfigs;
    }

    /**
     * @param name a broker config name, e.g. {@code log.retention.ms}
     * @return key of one dynamic broker config entry
     */
    public byte[] brokerConfig(String name) {
        return brokerConfigs.pack(Tuple.from(name));
    }

    /** @return subspace of the transaction coordinator's state, keyed by transactional id */
    public Subspace transactions() {
        return transactions;
    }

    /**
     * @param transactionalId a producer's {@code transactional.id}
     * @return key of that transactional id's coordinator state
     */
    public byte[] transaction(String transactionalId) {
        return transactions.pack(Tuple.from(transactionalId));
    }

    @Override
    public String toString() {
        return "KeyLayout" + Tuple.from(ROOT, namespace);
    }
}
