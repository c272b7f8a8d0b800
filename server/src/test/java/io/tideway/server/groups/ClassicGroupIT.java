package io.tideway.server.groups;

import static io.tideway.server.testing.KafkaClients.createTopic;
import static io.tideway.server.testing.KafkaClients.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tideway.server.testing.KafkaClients;
import io.tideway.server.testing.RunningBroker;
import io.tideway.server.testing.TidewayBrokerTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Consumer groups with {@code group.protocol=classic} against a real broker. */
@TidewayBrokerTest(config = {"group.initial.rebalance.delay.ms=200",
        "group.min.session.timeout.ms=1000"})
class ClassicGroupIT {

    private static final Logger log = LoggerFactory.getLogger(ClassicGroupIT.class);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void threeMembersShareSixPartitionsAndALeaverIsCoveredWithinTheSessionTimeout(
            RunningBroker broker) {
        try (Admin admin = KafkaClients.admin(broker)) {
            createTopic(admin, "classic-six", 6, Map.of());
        }
        for (int run = 0; run < 3; run++) {
            try (GroupConsumers group = new GroupConsumers(broker, "classic-g" + run, "classic")) {
                group.add("classic-six");
                group.add("classic-six");
                long started = System.nanoTime();
                group.add("classic-six");
                await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).untilAsserted(() -> {
                    group.pollAll();
                    assertEachPartitionOnce(group.assignments(), 3, 6);
                });
                log.atInfo().setMessage("Classic rebalance of three members")
                        .addKeyValue("run", run)
                        .addKeyValue("ms", (System.nanoTime() - started) / 1_000_000).log();
                if (run == 0) {
                    group.close(1);
                    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                        group.pollAll();
                        assertEachPartitionOnce(group.assignments(), 2, 6);
                    });
                }
            }
        }
    }

    @Test
    void committedOffsetsAreFetchedAndAutoCommitAdvancesThem(RunningBroker broker) {
        try (Admin admin = KafkaClients.admin(broker);
                KafkaProducer<String, String> producer = KafkaClients.producer(broker)) {
            createTopic(admin, "classic-commit", 2, Map.of());
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>("classic-commit", i % 2, "k", "v" + i));
            }
            producer.flush();
            TopicPartition p0 = new TopicPartition("classic-commit", 0);
            try (GroupConsumers group = new GroupConsumers(broker, "classic-commit-g", "classic")) {
                group.add("classic-commit");
                await().atMost(WAIT).untilAsserted(() -> {
                    group.pollAll();
                    assertThat(group.consumed(0)).isEqualTo(20);
                });
                group.get(0).commitSync(Map.of(p0, new OffsetAndMetadata(7, "seven")));
                OffsetAndMetadata committed = group.get(0).committed(Set.of(p0)).get(p0);
                assertThat(committed.offset()).isEqualTo(7);
                assertThat(committed.metadata()).isEqualTo("seven");
            }
            try (GroupConsumers auto = new GroupConsumers(broker, "classic-auto-g", "classic")) {
                auto.add("classic-commit", Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true,
                        ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, 100));
                await().atMost(WAIT).untilAsserted(() -> {
                    auto.pollAll();
                    Map<TopicPartition, OffsetAndMetadata> offsets = get(admin
                            .listConsumerGroupOffsets("classic-auto-g").partitionsToOffsetAndMetadata());
                    assertThat(offsets).hasSize(2);
                    assertThat(offsets.values()).allSatisfy(o -> assertThat(o.offset()).isEqualTo(10));
                });
            }
        }
    }

    @Test
    void aRestartedStaticMemberRejoinsWithoutARebalance(RunningBroker broker) {
        try (Admin admin = KafkaClients.admin(broker)) {
            createTopic(admin, "classic-static", 4, Map.of());
        }
        try (GroupConsumers group = new GroupConsumers(broker, "classic-static-g", "classic")) {
            group.add("classic-static", Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "a"));
            group.add("classic-static", Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "b"));
            await().atMost(WAIT).untilAsserted(() -> {
                group.pollAll();
                assertEachPartitionOnce(group.assignments(), 2, 4);
            });
            Set<TopicPartition> bPartitions = Set.copyOf(group.get(1).assignment());
            int aCallbacks = group.rebalanceCallbacks(0);
            group.close(1); // a static member does not leave on close
            int b2 = group.add("classic-static", Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "b"));
            await().atMost(WAIT).untilAsserted(() -> {
                group.pollAll();
                assertThat(group.get(b2).assignment()).isEqualTo(bPartitions);
            });
            assertThat(group.rebalanceCallbacks(0)).isEqualTo(aCallbacks);
        }
    }

    @Test
    void adminDescribesListsAltersAndDeletesGroupsAndTheirOffsets(RunningBroker broker) {
        TopicPartition p0 = new TopicPartition("classic-admin", 0);
        TopicPartition p1 = new TopicPartition("classic-admin", 1);
        try (Admin admin = KafkaClients.admin(broker);
                KafkaProducer<String, String> producer = KafkaClients.producer(broker)) {
            createTopic(admin, "classic-admin", 2, Map.of());
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("classic-admin", i % 2, "k", "v" + i));
            }
            producer.flush();
            try (GroupConsumers group = new GroupConsumers(broker, "classic-admin-g", "classic")) {
                group.add("classic-admin");
                await().atMost(WAIT).untilAsserted(() -> {
                    group.pollAll();
                    assertThat(group.assignments().get(0)).hasSize(2);
                });
                group.get(0).commitSync(Map.of(p0, new OffsetAndMetadata(2), p1,
                        new OffsetAndMetadata(3)));
                ConsumerGroupDescription described = get(admin.describeConsumerGroups(
                        List.of("classic-admin-g")).all()).get("classic-admin-g");
                assertThat(described.groupState()).isEqualTo(GroupState.STABLE);
                assertThat(described.members()).hasSize(1);
                assertThat(described.members().iterator().next().assignment().topicPartitions())
                        .containsExactlyInAnyOrder(p0, p1);
                assertThat(get(admin.listGroups().all()).stream().map(GroupListing::groupId))
                        .contains("classic-admin-g");
                // Lag: end offsets minus committed offsets.
                ListOffsetsResult ends = admin.listOffsets(Map.of(p0, OffsetSpec.latest(),
                        p1, OffsetSpec.latest()));
                assertThat(get(ends.partitionResult(p0)).offset() - 2).isEqualTo(3);
                assertThatThrownBy(() -> get(admin.deleteConsumerGroups(
                        List.of("classic-admin-g")).all()))
                        .hasCauseInstanceOf(GroupNotEmptyException.class);
            }
            // The group is empty now: offsets can be altered, deleted, and the group removed.
            get(admin.alterConsumerGroupOffsets("classic-admin-g",
                    Map.of(p0, new OffsetAndMetadata(1))).all());
            get(admin.deleteConsumerGroupOffsets("classic-admin-g", Set.of(p1)).all());
            assertThat(get(admin.listConsumerGroupOffsets("classic-admin-g")
                    .partitionsToOffsetAndMetadata())).containsOnlyKeys(p0);
            get(admin.deleteConsumerGroups(List.of("classic-admin-g")).all());
            assertThat(get(admin.listConsumerGroupOffsets("classic-admin-g")
                    .partitionsToOffsetAndMetadata())).isEmpty();
        }
    }

    @Test
    void committedOffsetsSurviveABrokerRestart(RunningBroker broker) {
        TopicPartition p0 = new TopicPartition("classic-restart", 0);
        try (Admin admin = KafkaClients.admin(broker)) {
            createTopic(admin, "classic-restart", 1, Map.of());
            get(admin.alterConsumerGroupOffsets("classic-restart-g",
                    Map.of(p0, new OffsetAndMetadata(0, "m"))).all());
        }
        broker.restart();
        try (Admin admin = KafkaClients.admin(broker)) {
            assertThat(get(admin.listConsumerGroupOffsets("classic-restart-g")
                    .partitionsToOffsetAndMetadata())).containsEntry(p0, new OffsetAndMetadata(0, "m"));
            assertThat(get(admin.listGroups().all()).stream().map(GroupListing::groupId))
                    .contains("classic-restart-g");
        }
    }

    static void assertEachPartitionOnce(List<Set<TopicPartition>> assignments, int members,
            int partitions) {
        assertThat(assignments).hasSize(members);
        List<TopicPartition> all = new ArrayList<>();
        assignments.forEach(all::addAll);
        assertThat(all).hasSize(partitions);
        assertThat(new HashSet<>(all)).hasSize(partitions);
        assertThat(assignments).allSatisfy(a -> assertThat(a).isNotEmpty());
    }
}
