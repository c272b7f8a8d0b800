package io.tideway.server.groups;

import static io.tideway.server.groups.ClassicGroupIT.assertEachPartitionOnce;
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
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.junit.jupiter.api.Test;

/** Consumer groups with {@code group.protocol=consumer} (KIP-848) against a real broker. */
@TidewayBrokerTest(config = {"group.consumer.heartbeat.interval.ms=500",
        "group.consumer.min.heartbeat.interval.ms=500",
        "group.consumer.min.session.timeout.ms=2000",
        "group.consumer.session.timeout.ms=6000"})
class ConsumerGroupIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void threeMembersShareSixPartitionsAndALeaversPartitionsMove(RunningBroker broker) {
        try (Admin admin = KafkaClients.admin(broker)) {
            createTopic(admin, "kip848-six", 6, Map.of());
            try (GroupConsumers group = new GroupConsumers(broker, "kip848-g", "consumer")) {
                group.add("kip848-six");
                group.add("kip848-six");
                group.add("kip848-six");
                await().atMost(WAIT).untilAsserted(() -> {
                    group.pollAll();
                    assertEachPartitionOnce(group.assignments(), 3, 6);
                });
                ConsumerGroupDescription described = get(admin.describeConsumerGroups(
                        List.of("kip848-g")).all()).get("kip848-g");
                assertThat(described.type()).isEqualTo(GroupType.CONSUMER);
                assertThat(described.groupState()).isEqualTo(GroupState.STABLE);
                assertThat(described.members()).hasSize(3);
                Set<TopicPartition> described6 = new HashSet<>();
                for (MemberDescription member : described.members()) {
                    assertThat(member.assignment().topicPartitions()).hasSize(2);
                    described6.addAll(member.assignment().topicPartitions());
                }
                assertThat(described6).hasSize(6);
                assertThat(get(admin.listGroups().all())).filteredOn(listing ->
                        listing.groupId().equals("kip848-g")).singleElement()
                        .satisfies(listing -> assertThat(listing.type())
                                .contains(GroupType.CONSUMER));

                group.close(1);
                // Leaving (epoch -1) frees the partitions at once; well within the session timeout.
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    group.pollAll();
                    assertEachPartitionOnce(group.assignments(), 2, 6);
                });
            }
        }
    }

    @Test
    void offsetsAreCommittedFetchedAndAutoCommitted(RunningBroker broker) {
        TopicPartition p0 = new TopicPartition("kip848-commit", 0);
        try (Admin admin = KafkaClients.admin(broker);
                KafkaProducer<String, String> producer = KafkaClients.producer(broker)) {
            createTopic(admin, "kip848-commit", 2, Map.of());
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>("kip848-commit", i % 2, "k", "v" + i));
            }
            producer.flush();
            try (GroupConsumers group = new GroupConsumers(broker, "kip848-commit-g",
                    "consumer")) {
                group.add("kip848-commit");
                await().atMost(WAIT).untilAsserted(() -> {
                    group.pollAll();
                    assertThat(group.consumed(0)).isEqualTo(20);
                });
                group.get(0).commitSync(Map.of(p0, new OffsetAndMetadata(7, "seven")));
                OffsetAndMetadata committed = group.get(0).committed(Set.of(p0)).get(p0);
                assertThat(committed.offset()).isEqualTo(7);
                assertThat(committed.metadata()).isEqualTo("seven");
            }
            try (GroupConsumers auto = new GroupConsumers(broker, "kip848-auto-g", "consumer")) {
                auto.add("kip848-commit", Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true,
                        ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, 100));
                await().atMost(WAIT).untilAsserted(() -> {
                    auto.pollAll();
                    Map<TopicPartition, OffsetAndMetadata> offsets = get(admin
                            .listConsumerGroupOffsets("kip848-auto-g")
                            .partitionsToOffsetAndMetadata());
                    assertThat(offsets).hasSize(2);
                    assertThat(offsets.values()).allSatisfy(o -> assertThat(o.offset())
                            .isEqualTo(10));
                });
            }
            assertThat(get(admin.listGroups().all()).stream().map(GroupListing::groupId))
                    .contains("kip848-auto-g");
        }
    }

    @Test
    void membersRejoinAfterABrokerRestartAndKeepConsuming(RunningBroker broker) {
        try (Admin admin = KafkaClients.admin(broker);
                KafkaProducer<String, String> producer = KafkaClients.producer(broker)) {
            createTopic(admin, "kip848-restart", 2, Map.of());
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("kip848-restart", i % 2, "k", "a" + i));
            }
            producer.flush();
            try (GroupConsumers group = new GroupConsumers(broker, "kip848-restart-g",
                    "consumer")) {
                group.add("kip848-restart", Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        true, ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, 100));
                await().atMost(WAIT).untilAsserted(() -> {
                    group.pollAll();
                    assertThat(group.consumed(0)).isEqualTo(10);
                });
                group.get(0).commitSync();
                broker.restart();
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>("kip848-restart", i % 2, "k", "b" + i));
                }
                producer.flush();
                // Membership is in memory: after the restart the member is fenced and rejoins.
                // Records it fetched in between but could not commit are delivered again from the
                // committed offset (at-least-once, as with any rebalance), so nothing may be lost
                // but a few may repeat.
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    expected.add("a" + i);
                    expected.add("b" + i);
                }
                await().atMost(WAIT).untilAsserted(() -> {
                    group.pollAll();
                    assertThat(group.distinctValues(0)).containsExactlyInAnyOrderElementsOf(expected);
                    assertThat(group.assignments().get(0)).hasSize(2);
                });
            }
        }
    }

    @Test
    void aStaticMemberReplacedWithinTheSessionTimeoutGetsItsPartitionsWithoutARebalance(
            RunningBroker broker) {
        try (Admin admin = KafkaClients.admin(broker)) {
            createTopic(admin, "kip848-static", 4, Map.of());
            try (GroupConsumers group = new GroupConsumers(broker, "kip848-static-g",
                    "consumer")) {
                group.add("kip848-static", Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "a"));
                group.add("kip848-static", Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "b"));
                await().atMost(WAIT).untilAsserted(() -> {
                    group.pollAll();
                    assertEachPartitionOnce(group.assignments(), 2, 4);
                });
                Set<TopicPartition> aPartitions = Set.copyOf(group.get(0).assignment());
                Set<TopicPartition> bPartitions = Set.copyOf(group.get(1).assignment());
                int aCallbacks = group.rebalanceCallbacks(0);
                group.close(1); // a static member leaves temporarily (epoch -2) on close
                int b2 = group.add("kip848-static",
                        Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "b"));
                await().atMost(WAIT).untilAsserted(() -> {
                    group.pollAll();
                    assertThat(group.get(b2).assignment()).isEqualTo(bPartitions);
                });
                // Keep both polling past a few heartbeats: a late revocation would show here.
                await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).untilAsserted(() -> {
                    group.pollAll();
                    assertThat(group.get(0).assignment()).isEqualTo(aPartitions);
                    assertThat(group.get(b2).assignment()).isEqualTo(bPartitions);
                });
                assertThat(group.rebalanceCallbacks(0)).isEqualTo(aCallbacks);
                ConsumerGroupDescription described = get(admin.describeConsumerGroups(
                        List.of("kip848-static-g")).all()).get("kip848-static-g");
                assertThat(described.members()).hasSize(2)
                        .extracting(member -> member.groupInstanceId().orElseThrow())
                        .containsExactlyInAnyOrder("a", "b");
            }
        }
    }

    @Test
    void adminListsAltersAndDeletesOffsetsAndTheGroupOnceItIsEmpty(RunningBroker broker) {
        TopicPartition p0 = new TopicPartition("kip848-admin", 0);
        TopicPartition p1 = new TopicPartition("kip848-admin", 1);
        try (Admin admin = KafkaClients.admin(broker);
                KafkaProducer<String, String> producer = KafkaClients.producer(broker)) {
            createTopic(admin, "kip848-admin", 2, Map.of());
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("kip848-admin", i % 2, "k", "v" + i));
            }
            producer.flush();
            try (GroupConsumers group = new GroupConsumers(broker, "kip848-admin-g",
                    "consumer")) {
                group.add("kip848-admin");
                await().atMost(WAIT).untilAsserted(() -> {
                    group.pollAll();
                    assertThat(group.assignments().get(0)).hasSize(2);
                });
                group.get(0).commitSync(Map.of(p0, new OffsetAndMetadata(2, "two"), p1,
                        new OffsetAndMetadata(3)));
                Map<TopicPartition, OffsetAndMetadata> committed = get(admin
                        .listConsumerGroupOffsets("kip848-admin-g")
                        .partitionsToOffsetAndMetadata());
                assertThat(committed).containsOnly(Map.entry(p0, new OffsetAndMetadata(2, "two")),
                        Map.entry(p1, new OffsetAndMetadata(3)));
                // Lag: end offsets (5 records per partition) minus committed offsets.
                ListOffsetsResult ends = admin.listOffsets(Map.of(p0, OffsetSpec.latest(),
                        p1, OffsetSpec.latest()));
                assertThat(get(ends.partitionResult(p0)).offset() - committed.get(p0).offset())
                        .isEqualTo(3);
                assertThat(get(ends.partitionResult(p1)).offset() - committed.get(p1).offset())
                        .isEqualTo(2);
                assertThatThrownBy(() -> get(admin.deleteConsumerGroups(
                        List.of("kip848-admin-g")).all()))
                        .hasCauseInstanceOf(GroupNotEmptyException.class);
            }
            // The member left (epoch -1): the group is empty and can be edited and removed.
            assertThat(get(admin.describeConsumerGroups(List.of("kip848-admin-g")).all())
                    .get("kip848-admin-g").groupState()).isEqualTo(GroupState.EMPTY);
            get(admin.alterConsumerGroupOffsets("kip848-admin-g",
                    Map.of(p0, new OffsetAndMetadata(1, "one"))).all());
            get(admin.deleteConsumerGroupOffsets("kip848-admin-g", Set.of(p1)).all());
            assertThat(get(admin.listConsumerGroupOffsets("kip848-admin-g")
                    .partitionsToOffsetAndMetadata()))
                    .containsOnly(Map.entry(p0, new OffsetAndMetadata(1, "one")));
            get(admin.deleteConsumerGroups(List.of("kip848-admin-g")).all());
            assertThat(get(admin.listConsumerGroupOffsets("kip848-admin-g")
                    .partitionsToOffsetAndMetadata())).isEmpty();
            assertThat(get(admin.listGroups().all()).stream().map(GroupListing::groupId))
                    .doesNotContain("kip848-admin-g");
        }
    }
}
