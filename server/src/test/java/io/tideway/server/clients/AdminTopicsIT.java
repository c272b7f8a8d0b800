package io.tideway.server.clients;

import static io.tideway.server.testing.KafkaClients.createTopic;
import static io.tideway.server.testing.KafkaClients.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tideway.server.testing.KafkaClients;
import io.tideway.server.testing.KafkaClients.ClientCallException;
import io.tideway.server.testing.RunningBroker;
import io.tideway.server.testing.TidewayBrokerTest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Topic administration with kafka-clients' {@link Admin}, as operators and tools use it. */
@TidewayBrokerTest(config = "num.partitions=2")
class AdminTopicsIT {

    private static Admin admin;

    @BeforeAll
    static void connect(RunningBroker broker) {
        admin = KafkaClients.admin(broker);
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    @Test
    void createsATopicWithConfigsAndDescribesItByNameAndById(RunningBroker broker) {
        CreateTopicsResult created = admin.createTopics(List.of(new NewTopic("orders", 3, (short) 1)
                .configs(Map.of("retention.ms", "3600000", "cleanup.policy", "delete"))));
        get(created.all());
        Uuid id = get(created.topicId("orders"));
        assertThat(id).isNotEqualTo(Uuid.ZERO_UUID);
        assertThat(get(created.numPartitions("orders"))).isEqualTo(3);
        assertThat(get(created.config("orders")).get("retention.ms").value()).isEqualTo("3600000");

        assertThat(get(admin.listTopics().names())).contains("orders");

        TopicDescription byName = get(admin.describeTopics(List.of("orders")).allTopicNames())
                .get("orders");
        assertThat(byName.topicId()).isEqualTo(id);
        assertThat(byName.isInternal()).isFalse();
        assertThat(byName.partitions()).extracting(TopicPartitionInfo::partition)
                .containsExactly(0, 1, 2);
        for (TopicPartitionInfo partition : byName.partitions()) {
            assertThat(partition.leader().id()).isEqualTo(1);
            assertThat(partition.leader().port()).isEqualTo(broker.port());
            assertThat(partition.replicas()).extracting(Node::id).containsExactly(1);
            assertThat(partition.isr()).extracting(Node::id).containsExactly(1);
        }

        TopicDescription byId = get(admin.describeTopics(TopicCollection.ofTopicIds(List.of(id)))
                .allTopicIds()).get(id);
        assertThat(byId.name()).isEqualTo("orders");
        assertThat(byId.partitions()).hasSize(3);

        Config config = get(admin.describeConfigs(List.of(
                new ConfigResource(ConfigResource.Type.TOPIC, "orders"))).all()).values()
                .iterator().next();
        assertThat(config.get("retention.ms").value()).isEqualTo("3600000");
        assertThat(config.get("retention.ms").source())
                .isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
    }

    @Test
    void topicWithoutCountsGetsTheBrokerDefaults() {
        get(admin.createTopics(List.of(new NewTopic("defaults", java.util.Optional.empty(),
                java.util.Optional.empty()))).all());
        TopicDescription description = get(admin.describeTopics(List.of("defaults"))
                .allTopicNames()).get("defaults");
        assertThat(description.partitions()).hasSize(2); // num.partitions=2
    }

    @Test
    void validateOnlyCreatesNothing() {
        CreateTopicsResult result = admin.createTopics(
                List.of(new NewTopic("dry-run", 4, (short) 1)),
                new CreateTopicsOptions().validateOnly(true));
        get(result.all());
        assertThat(get(result.numPartitions("dry-run"))).isEqualTo(4);
        assertThat(get(admin.listTopics().names())).doesNotContain("dry-run");
    }

    @Test
    void refusesTopicsThatExistHaveBadNamesReplicationFactorsOrConfigs() {
        createTopic(admin, "taken", 1, Map.of());
        assertThatThrownBy(() -> createTopic(admin, "taken", 1, Map.of()))
                .isInstanceOf(ClientCallException.class)
                .cause().isInstanceOf(TopicExistsException.class);
        assertThatThrownBy(() -> createTopic(admin, "bad/name", 1, Map.of()))
                .cause().isInstanceOf(InvalidTopicException.class);
        assertThatThrownBy(() -> createTopic(admin, "x".repeat(250), 1, Map.of()))
                .cause().isInstanceOf(InvalidTopicException.class);
        assertThatThrownBy(() -> KafkaClients.createTopics(admin,
                new NewTopic("three-replicas", 1, (short) 3)))
                .cause().isInstanceOf(InvalidReplicationFactorException.class);
        assertThatThrownBy(() -> createTopic(admin, "bad-config", 1,
                Map.of("retention.ms", "soon")))
                .cause().isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("retention.ms");
        assertThatThrownBy(() -> createTopic(admin, "unknown-config", 1,
                Map.of("no.such.setting", "1")))
                .cause().isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("no.such.setting");
        assertThatThrownBy(() -> createTopic(admin, "zero-partitions", 0, Map.of()))
                .cause().isInstanceOf(InvalidPartitionsException.class);
        assertThat(get(admin.listTopics().names())).contains("taken")
                .doesNotContain("bad-config", "unknown-config", "three-replicas");
    }

    @Test
    void deletesTopicsByNameAndById() {
        createTopic(admin, "doomed", 2, Map.of());
        createTopic(admin, "doomed-by-id", 1, Map.of());
        Uuid id = get(admin.describeTopics(List.of("doomed-by-id")).allTopicNames())
                .get("doomed-by-id").topicId();

        get(admin.deleteTopics(List.of("doomed")).all());
        get(admin.deleteTopics(TopicCollection.ofTopicIds(List.of(id))).all());

        assertThat(get(admin.listTopics().names())).doesNotContain("doomed", "doomed-by-id");
        assertThatThrownBy(() -> get(admin.describeTopics(List.of("doomed")).allTopicNames()))
                .cause().isInstanceOf(UnknownTopicOrPartitionException.class);
        assertThatThrownBy(() -> get(admin.deleteTopics(List.of("never-existed")).all()))
                .cause().isInstanceOf(UnknownTopicOrPartitionException.class);
        assertThatThrownBy(() -> get(admin.deleteTopics(TopicCollection.ofTopicIds(
                List.of(Uuid.randomUuid()))).all()))
                .cause().isInstanceOf(UnknownTopicIdException.class);
        // The name is free again.
        createTopic(admin, "doomed", 1, Map.of());
    }

    @Test
    void growsPartitionsAndRefusesToShrinkThem(RunningBroker broker) throws Exception {
        createTopic(admin, "growing", 1, Map.of());
        get(admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(4))).all());
        assertThat(get(admin.describeTopics(List.of("growing")).allTopicNames()).get("growing")
                .partitions()).hasSize(4);
        assertThatThrownBy(() -> get(admin.createPartitions(
                Map.of("growing", NewPartitions.increaseTo(2))).all()))
                .cause().isInstanceOf(InvalidPartitionsException.class);
        assertThatThrownBy(() -> get(admin.createPartitions(
                Map.of("no-such-topic", NewPartitions.increaseTo(2))).all()))
                .cause().isInstanceOf(UnknownTopicOrPartitionException.class);

        try (KafkaProducer<String, String> producer = KafkaClients.producer(broker)) {
            RecordMetadata written = get(producer.send(
                    new ProducerRecord<>("growing", 3, "k", "in a new partition")));
            assertThat(written.partition()).isEqualTo(3);
            assertThat(written.offset()).isZero();
        }
    }

    @Test
    void describesTheClusterAsOneNode(RunningBroker broker) {
        DescribeClusterResult cluster = admin.describeCluster();
        assertThat(get(cluster.clusterId())).isEqualTo(broker.server().clusterId());
        Node node = get(cluster.nodes()).iterator().next();
        assertThat(get(cluster.nodes())).hasSize(1);
        assertThat(node.id()).isEqualTo(1);
        assertThat(node.host()).isEqualTo("127.0.0.1");
        assertThat(node.port()).isEqualTo(broker.port());
        assertThat(get(cluster.controller()).id()).isEqualTo(1);
    }

    @Test
    void describesLogDirsWithTheirPartitions(RunningBroker broker) {
        createTopic(admin, "sized", 2, Map.of());
        try (KafkaProducer<String, String> producer = KafkaClients.producer(broker)) {
            get(producer.send(new ProducerRecord<>("sized", 0, "k", "v".repeat(1000))));
        }
        Map<String, LogDirDescription> dirs = get(admin.describeLogDirs(List.of(1)).allDescriptions())
                .get(1);
        assertThat(dirs).containsOnlyKeys(broker.dataDir().toString());
        LogDirDescription dir = dirs.get(broker.dataDir().toString());
        assertThat(dir.error()).isNull();
        assertThat(dir.totalBytes().orElse(-1)).isPositive();
        assertThat(dir.usableBytes().orElse(-1)).isPositive();
        Map<TopicPartition, ReplicaInfo> replicas = dir.replicaInfos();
        assertThat(replicas).containsKeys(new TopicPartition("sized", 0),
                new TopicPartition("sized", 1));
        assertThat(replicas.get(new TopicPartition("sized", 0)).size()).isGreaterThan(1000);
        assertThat(replicas.get(new TopicPartition("sized", 1)).size()).isZero();
        assertThat(Set.copyOf(replicas.values()).stream().map(ReplicaInfo::offsetLag))
                .containsOnly(0L);
    }
}
