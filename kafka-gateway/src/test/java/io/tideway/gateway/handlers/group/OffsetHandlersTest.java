package io.tideway.gateway.handlers.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.broker.TopicInfo;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponseTopic;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopic;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartition;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopics;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.OffsetCommitResponse;
import org.apache.kafka.common.requests.OffsetFetchResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OffsetCommit (v2-v10) and OffsetFetch (v1-v10), by topic name and, from v10, by topic id. */
class OffsetHandlersTest extends GroupHandlerTestBase {

    private final OffsetCommitHandler commit = new OffsetCommitHandler(groups, topics);
    private final OffsetFetchHandler fetch = new OffsetFetchHandler(groups, topics);
    private TopicInfo orders;

    @BeforeEach
    void topics() {
        orders = topics.add("orders", 2);
    }

    private OffsetCommitRequestData commitData(String group, long offset, short version) {
        OffsetCommitRequestTopic topic = new OffsetCommitRequestTopic().setPartitions(List.of(
                new OffsetCommitRequestPartition().setPartitionIndex(1)
                        .setCommittedOffset(offset)));
        if (version >= 10) {
            topic.setTopicId(orders.id());
        } else {
            topic.setName("orders");
        }
        return new OffsetCommitRequestData().setGroupId(group).setMemberId("")
                .setGenerationIdOrMemberEpoch(-1).setTopics(new ArrayList<>(List.of(topic)));
    }

    @Test
    void commitsOfEveryVersionAreFetchedBackAtEveryVersion() throws Exception {
        for (short v = commit.minVersion(); v <= commit.maxVersion(); v++) {
            String group = "g" + v;
            OffsetCommitResponse committed = call(commit, ApiKeys.OFFSET_COMMIT,
                    commitData(group, 100 + v, v), v);
            assertThat(committed.errorCounts()).as("v%d", v).containsOnlyKeys(Errors.NONE);
            OffsetCommitResponseTopic topic = committed.data().topics().get(0);
            if (v >= 10) {
                assertThat(topic.topicId()).isEqualTo(orders.id());
            } else {
                assertThat(topic.name()).isEqualTo("orders");
            }
        }
        for (short v = fetch.minVersion(); v < 8; v++) {
            OffsetFetchResponse response = call(fetch, ApiKeys.OFFSET_FETCH,
                    new OffsetFetchRequestData().setGroupId("g5").setTopics(List.of(
                            new OffsetFetchRequestTopic().setName("orders")
                                    .setPartitionIndexes(List.of(0, 1)))), v);
            assertThat(response.data().errorCode()).as("v%d", v).isZero();
            assertThat(response.data().topics()).singleElement()
                    .satisfies(t -> assertThat(t.partitions())
                            .extracting(OffsetFetchResponsePartition::committedOffset)
                            .containsExactly(-1L, 105L));
        }
    }

    @Test
    void batchedGroupsAreEachAnsweredFromV8() throws Exception {
        call(commit, ApiKeys.OFFSET_COMMIT, commitData("a", 7, (short) 9), (short) 9);
        call(commit, ApiKeys.OFFSET_COMMIT, commitData("b", 9, (short) 9), (short) 9);
        for (short v = 8; v <= fetch.maxVersion(); v++) {
            OffsetFetchRequestTopics named = new OffsetFetchRequestTopics()
                    .setPartitionIndexes(List.of(1));
            if (v >= 10) {
                named.setTopicId(orders.id());
            } else {
                named.setName("orders");
            }
            OffsetFetchResponse response = call(fetch, ApiKeys.OFFSET_FETCH,
                    new OffsetFetchRequestData().setGroups(List.of(
                            new OffsetFetchRequestGroup().setGroupId("a")
                                    .setTopics(List.of(named)),
                            new OffsetFetchRequestGroup().setGroupId("b").setTopics(null),
                            new OffsetFetchRequestGroup().setGroupId("none")
                                    .setTopics(List.of(named.duplicate())))), v);
            List<OffsetFetchResponseGroup> answered = response.data().groups();
            assertThat(answered).as("v%d", v).extracting(OffsetFetchResponseGroup::groupId)
                    .containsExactly("a", "b", "none");
            assertThat(offsetOf(answered.get(0))).isEqualTo(7);
            assertThat(offsetOf(answered.get(1))).isEqualTo(9);
            assertThat(offsetOf(answered.get(2))).isEqualTo(-1);
            if (v >= 10) {
                assertThat(answered).allSatisfy(g -> assertThat(g.topics()).singleElement()
                        .satisfies(t -> assertThat(t.topicId()).isEqualTo(orders.id())));
            }
        }
    }

    private static long offsetOf(OffsetFetchResponseGroup group) {
        OffsetFetchResponseTopics topic = group.topics().get(0);
        OffsetFetchResponsePartitions partition = topic.partitions().get(0);
        assertThat(partition.partitionIndex()).isEqualTo(1);
        return partition.committedOffset();
    }

    @Test
    void negativePartitionIndexIsUnknownWhileTheOthersCommit() throws Exception {
        OffsetCommitRequestData data = commitData("g", 5, (short) 9);
        data.topics().get(0).setPartitions(List.of(
                new OffsetCommitRequestPartition().setPartitionIndex(1).setCommittedOffset(5),
                new OffsetCommitRequestPartition().setPartitionIndex(-7).setCommittedOffset(3)));
        OffsetCommitResponse committed = call(commit, ApiKeys.OFFSET_COMMIT, data, (short) 9);
        assertThat(committed.data().topics())
                .flatExtracting(OffsetCommitResponseTopic::partitions)
                .extracting(p -> p.partitionIndex() + ":" + Errors.forCode(p.errorCode()))
                .containsExactlyInAnyOrder("1:NONE", "-7:UNKNOWN_TOPIC_OR_PARTITION");
        OffsetCommitRequestData passed = (OffsetCommitRequestData) groups.lastRequest;
        assertThat(passed.topics()).singleElement().satisfies(t -> assertThat(t.partitions())
                .extracting(OffsetCommitRequestPartition::partitionIndex).containsExactly(1));
    }

    @Test
    void negativePartitionIndexHasNoOffsetAndNeverReachesTheCoordinator() throws Exception {
        call(commit, ApiKeys.OFFSET_COMMIT, commitData("g", 5, (short) 9), (short) 9);
        OffsetFetchResponse fetched = call(fetch, ApiKeys.OFFSET_FETCH,
                new OffsetFetchRequestData().setGroups(List.of(new OffsetFetchRequestGroup()
                        .setGroupId("g").setTopics(List.of(new OffsetFetchRequestTopics()
                                .setName("orders").setPartitionIndexes(List.of(1, -3)))))),
                (short) 9);
        assertThat(fetched.data().groups().get(0).topics())
                .flatExtracting(OffsetFetchResponseTopics::partitions)
                .extracting(p -> p.partitionIndex() + ":" + p.committedOffset() + ":"
                        + Errors.forCode(p.errorCode()))
                .containsExactlyInAnyOrder("1:5:NONE", "-3:-1:NONE");
        OffsetFetchRequestGroup passed = (OffsetFetchRequestGroup) groups.lastRequest;
        assertThat(passed.topics()).singleElement()
                .satisfies(t -> assertThat(t.partitionIndexes()).containsExactly(1));
    }

    @Test
    void unknownTopicIdsAreReportedPerPartitionInV10() throws Exception {
        Uuid unknown = Uuid.randomUuid();
        OffsetCommitRequestData data = commitData("g", 5, (short) 10);
        data.topics().add(new OffsetCommitRequestTopic().setTopicId(unknown).setPartitions(
                List.of(new OffsetCommitRequestPartition().setPartitionIndex(0)
                        .setCommittedOffset(1))));
        OffsetCommitResponse committed = call(commit, ApiKeys.OFFSET_COMMIT, data, (short) 10);
        assertThat(committed.data().topics()).extracting(OffsetCommitResponseTopic::topicId)
                .containsExactly(orders.id(), unknown);
        assertThat(committed.data().topics().get(1).partitions()).singleElement()
                .satisfies(p -> assertThat(p.errorCode())
                        .isEqualTo(Errors.UNKNOWN_TOPIC_ID.code()));
        OffsetCommitRequestData passed = (OffsetCommitRequestData) groups.lastRequest;
        assertThat(passed.topics()).singleElement()
                .satisfies(t -> assertThat(t.name()).isEqualTo("orders"));

        OffsetFetchResponse fetched = call(fetch, ApiKeys.OFFSET_FETCH,
                new OffsetFetchRequestData().setGroups(List.of(new OffsetFetchRequestGroup()
                        .setGroupId("g").setTopics(List.of(new OffsetFetchRequestTopics()
                                .setTopicId(unknown).setPartitionIndexes(List.of(0, 3)))))),
                (short) 10);
        assertThat(fetched.data().groups()).singleElement().satisfies(g -> assertThat(
                g.topics()).singleElement().satisfies(t -> {
                    assertThat(t.topicId()).isEqualTo(unknown);
                    assertThat(t.partitions()).extracting(OffsetFetchResponsePartitions::errorCode)
                            .containsOnly(Errors.UNKNOWN_TOPIC_ID.code());
                }));
    }

    @Test
    void allOffsetsInV10LeaveOutTopicsWithoutAnId() throws Exception {
        call(commit, ApiKeys.OFFSET_COMMIT, commitData("g", 5, (short) 9), (short) 9);
        OffsetCommitRequestData gone = new OffsetCommitRequestData().setGroupId("g")
                .setGenerationIdOrMemberEpoch(-1).setTopics(List.of(new OffsetCommitRequestTopic()
                        .setName("deleted-topic").setPartitions(List.of(
                                new OffsetCommitRequestPartition().setCommittedOffset(3)))));
        call(commit, ApiKeys.OFFSET_COMMIT, gone, (short) 9);
        OffsetFetchResponse all = call(fetch, ApiKeys.OFFSET_FETCH, new OffsetFetchRequestData()
                .setGroups(List.of(new OffsetFetchRequestGroup().setGroupId("g")
                        .setTopics(null))), (short) 10);
        assertThat(all.data().groups().get(0).topics()).singleElement()
                .satisfies(t -> assertThat(t.topicId()).isEqualTo(orders.id()));
        OffsetFetchResponse byName = call(fetch, ApiKeys.OFFSET_FETCH, new OffsetFetchRequestData()
                .setGroups(List.of(new OffsetFetchRequestGroup().setGroupId("g")
                        .setTopics(null))), (short) 9);
        assertThat(byName.data().groups().get(0).topics())
                .extracting(OffsetFetchResponseTopics::name)
                .containsExactly("deleted-topic", "orders");
    }
}
