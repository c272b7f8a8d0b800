package io.tideway.gateway.handlers.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData.DescribedGroup;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ConsumerGroupDescribeResponse;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatResponse;
import org.junit.jupiter.api.Test;

/** The KIP-848 handlers: ConsumerGroupHeartbeat and ConsumerGroupDescribe, v0-v1. */
class ConsumerGroupHandlersTest extends GroupHandlerTestBase {

    @Test
    void heartbeatsCarryTheAssignmentAndErrors() throws Exception {
        ConsumerGroupHeartbeatHandler handler = new ConsumerGroupHeartbeatHandler(groups);
        Uuid topicId = Uuid.randomUuid();
        groups.consumerHeartbeatResponse = new ConsumerGroupHeartbeatResponseData()
                .setMemberId("m-1").setMemberEpoch(4).setHeartbeatIntervalMs(500)
                .setAssignment(new ConsumerGroupHeartbeatResponseData.Assignment().setTopicPartitions(
                        List.of(new ConsumerGroupHeartbeatResponseData.TopicPartitions()
                                .setTopicId(topicId).setPartitions(List.of(0, 2)))));
        for (short v = handler.minVersion(); v <= handler.maxVersion(); v++) {
            ConsumerGroupHeartbeatResponse response = call(handler,
                    ApiKeys.CONSUMER_GROUP_HEARTBEAT, new ConsumerGroupHeartbeatRequestData()
                            .setGroupId("g").setMemberId(v >= 1 ? "m-1" : "").setMemberEpoch(0)
                            .setInstanceId("a").setRebalanceTimeoutMs(5000)
                            .setSubscribedTopicNames(List.of("orders")).setTopicPartitions(
                                    List.of()), v);
            assertThat(response.data().memberEpoch()).as("v%d", v).isEqualTo(4);
            assertThat(response.data().assignment().topicPartitions()).singleElement()
                    .satisfies(t -> assertThat(t.partitions()).containsExactly(0, 2));
            ConsumerGroupHeartbeatRequestData passed =
                    (ConsumerGroupHeartbeatRequestData) groups.lastRequest;
            assertThat(passed.instanceId()).isEqualTo("a");
            assertThat(passed.subscribedTopicNames()).containsExactly("orders");
        }
        groups.consumerHeartbeatResponse = new ConsumerGroupHeartbeatResponseData()
                .setErrorCode(Errors.FENCED_MEMBER_EPOCH.code()).setErrorMessage("fenced");
        ConsumerGroupHeartbeatResponse fenced = call(handler, ApiKeys.CONSUMER_GROUP_HEARTBEAT,
                new ConsumerGroupHeartbeatRequestData().setGroupId("g").setMemberId("m-1")
                        .setMemberEpoch(3), (short) 1);
        assertThat(fenced.data().errorCode()).isEqualTo(Errors.FENCED_MEMBER_EPOCH.code());
        assertThat(fenced.data().errorMessage()).isEqualTo("fenced");
    }

    @Test
    void describeAddsAuthorizedOperationsOnlyToFoundGroups() throws Exception {
        ConsumerGroupDescribeHandler handler = new ConsumerGroupDescribeHandler(groups);
        groups.consumerDescribed = List.of(
                new DescribedGroup().setGroupId("g").setGroupState("Stable").setGroupEpoch(3)
                        .setAssignmentEpoch(3).setAssignorName("uniform"),
                new DescribedGroup().setGroupId("classic")
                        .setErrorCode(Errors.GROUP_ID_NOT_FOUND.code()));
        for (short v = handler.minVersion(); v <= handler.maxVersion(); v++) {
            for (boolean ask : new boolean[] {true, false}) {
                ConsumerGroupDescribeResponse response = call(handler,
                        ApiKeys.CONSUMER_GROUP_DESCRIBE, new ConsumerGroupDescribeRequestData()
                                .setGroupIds(List.of("g", "classic"))
                                .setIncludeAuthorizedOperations(ask), v);
                assertThat(groups.lastRequest).isEqualTo(List.of("g", "classic"));
                List<DescribedGroup> described = response.data().groups();
                assertThat(described).as("v%d", v).extracting(DescribedGroup::groupId)
                        .containsExactly("g", "classic");
                assertThat(described.get(0).authorizedOperations())
                        .isEqualTo(ask ? described.get(0).authorizedOperations()
                                : Integer.MIN_VALUE);
                if (ask) {
                    assertThat(described.get(0).authorizedOperations()).isPositive();
                }
                assertThat(described.get(1).errorCode())
                        .isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
                assertThat(described.get(1).authorizedOperations()).isEqualTo(Integer.MIN_VALUE);
            }
        }
    }
}
