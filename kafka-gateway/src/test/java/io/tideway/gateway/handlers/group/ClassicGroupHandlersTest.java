package io.tideway.gateway.handlers.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResult;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DeleteGroupsResponse;
import org.apache.kafka.common.requests.DescribeGroupsResponse;
import org.apache.kafka.common.requests.HeartbeatResponse;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.ListGroupsResponse;
import org.apache.kafka.common.requests.OffsetDeleteResponse;
import org.apache.kafka.common.requests.SyncGroupResponse;
import org.junit.jupiter.api.Test;

/** The classic protocol's handlers and the group admin handlers, at every version. */
class ClassicGroupHandlersTest extends GroupHandlerTestBase {

    @Test
    void joinGroupPassesTheRequestAndTheClientThroughAndEncodesEveryVersion() throws Exception {
        JoinGroupHandler handler = new JoinGroupHandler(groups);
        groups.joinResponse = new JoinGroupResponseData().setErrorCode(
                Errors.MEMBER_ID_REQUIRED.code()).setMemberId("m-1").setGenerationId(-1)
                .setProtocolName(null);
        for (short v = handler.minVersion(); v <= handler.maxVersion(); v++) {
            JoinGroupResponse response = call(handler, ApiKeys.JOIN_GROUP,
                    new JoinGroupRequestData().setGroupId("g").setSessionTimeoutMs(6000)
                            .setRebalanceTimeoutMs(9000).setMemberId("")
                            .setProtocolType("consumer"), v);
            assertThat(response.error()).as("v%d", v).isEqualTo(Errors.MEMBER_ID_REQUIRED);
            assertThat(response.data().memberId()).isEqualTo("m-1");
            assertThat(((JoinGroupRequestData) groups.lastRequest).sessionTimeoutMs())
                    .isEqualTo(6000);
            assertThat(groups.lastContext.clientId()).isEqualTo(CLIENT_ID);
            assertThat(groups.lastContext.clientHost()).isEqualTo("/127.0.0.1");
            assertThat(groups.lastContext.apiVersion()).isEqualTo(v);
        }
    }

    @Test
    void syncGroupAndHeartbeatCarryTheCoordinatorsErrors() throws Exception {
        SyncGroupHandler sync = new SyncGroupHandler(groups);
        groups.syncResponse = new SyncGroupResponseData()
                .setErrorCode(Errors.REBALANCE_IN_PROGRESS.code()).setAssignment(new byte[] {1});
        for (short v = sync.minVersion(); v <= sync.maxVersion(); v++) {
            SyncGroupResponse response = call(sync, ApiKeys.SYNC_GROUP, new SyncGroupRequestData()
                    .setGroupId("g").setMemberId("m").setGenerationId(3)
                    .setProtocolType("consumer").setProtocolName("range"), v);
            assertThat(response.error()).as("v%d", v).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
            assertThat(response.data().assignment()).containsExactly(1);
        }
        HeartbeatHandler heartbeat = new HeartbeatHandler(groups);
        groups.heartbeatResponse = new HeartbeatResponseData()
                .setErrorCode(Errors.ILLEGAL_GENERATION.code());
        for (short v = heartbeat.minVersion(); v <= heartbeat.maxVersion(); v++) {
            HeartbeatResponse response = call(heartbeat, ApiKeys.HEARTBEAT,
                    new HeartbeatRequestData().setGroupId("g").setMemberId("m")
                            .setGenerationId(2), v);
            assertThat(response.error()).as("v%d", v).isEqualTo(Errors.ILLEGAL_GENERATION);
            assertThat(((HeartbeatRequestData) groups.lastRequest).generationId()).isEqualTo(2);
        }
    }

    @Test
    void describeGroupsAddsAuthorizedOperationsOnlyWhenAsked() throws Exception {
        DescribeGroupsHandler handler = new DescribeGroupsHandler(groups);
        groups.described = List.of(new DescribeGroupsResponseData.DescribedGroup()
                .setGroupId("g").setGroupState("Stable").setProtocolType("consumer"));
        for (short v = handler.minVersion(); v <= handler.maxVersion(); v++) {
            boolean ask = v >= 3;
            short version = v;
            DescribeGroupsResponse response = call(handler, ApiKeys.DESCRIBE_GROUPS,
                    new DescribeGroupsRequestData().setGroups(List.of("g"))
                            .setIncludeAuthorizedOperations(ask), v);
            assertThat(groups.lastRequest).isEqualTo(List.of("g"));
            assertThat(response.data().groups()).as("v%d", v).singleElement().satisfies(g -> {
                assertThat(g.groupState()).isEqualTo("Stable");
                if (ask) {
                    assertThat(g.authorizedOperations()).isPositive();
                } else if (version >= 3) {
                    assertThat(g.authorizedOperations()).isEqualTo(Integer.MIN_VALUE);
                }
            });
        }
    }

    @Test
    void listGroupsPassesFiltersAndReturnsListings() throws Exception {
        ListGroupsHandler handler = new ListGroupsHandler(groups);
        groups.listResponse = new ListGroupsResponseData().setGroups(List.of(
                new ListGroupsResponseData.ListedGroup().setGroupId("g")
                        .setProtocolType("consumer").setGroupState("Empty")
                        .setGroupType("classic")));
        for (short v = handler.minVersion(); v <= handler.maxVersion(); v++) {
            ListGroupsRequestData request = new ListGroupsRequestData();
            if (v >= 4) {
                request.setStatesFilter(List.of("Empty"));
            }
            if (v >= 5) {
                request.setTypesFilter(List.of("classic"));
            }
            ListGroupsResponse response = call(handler, ApiKeys.LIST_GROUPS, request, v);
            assertThat(response.data().groups()).as("v%d", v).singleElement()
                    .satisfies(g -> assertThat(g.groupId()).isEqualTo("g"));
            ListGroupsRequestData passed = (ListGroupsRequestData) groups.lastRequest;
            assertThat(passed.statesFilter()).isEqualTo(v >= 4 ? List.of("Empty") : List.of());
            assertThat(passed.typesFilter()).isEqualTo(v >= 5 ? List.of("classic") : List.of());
        }
    }

    @Test
    void deleteGroupsAnswersEachGroupWithItsOwnError() throws Exception {
        DeleteGroupsHandler handler = new DeleteGroupsHandler(groups);
        groups.nonEmpty.add("busy");
        for (short v = handler.minVersion(); v <= handler.maxVersion(); v++) {
            groups.offsets.put("idle", new ConcurrentHashMap<>());
            DeleteGroupsResponse response = call(handler, ApiKeys.DELETE_GROUPS,
                    new DeleteGroupsRequestData().setGroupsNames(List.of("idle", "busy",
                            "missing")), v);
            assertThat(response.data().results()).as("v%d", v)
                    .extracting(DeletableGroupResult::groupId, DeletableGroupResult::errorCode)
                    .containsExactlyInAnyOrder(
                            tuple("idle", Errors.NONE.code()),
                            tuple("busy",
                                    Errors.NON_EMPTY_GROUP.code()),
                            tuple("missing",
                                    Errors.GROUP_ID_NOT_FOUND.code()));
        }
    }

    @Test
    void offsetDeleteCarriesPartitionErrors() throws Exception {
        OffsetDeleteHandler handler = new OffsetDeleteHandler(groups);
        var topics = new OffsetDeleteResponseData.OffsetDeleteResponseTopicCollection();
        var partitions = new OffsetDeleteResponseData.OffsetDeleteResponsePartitionCollection();
        partitions.add(new OffsetDeleteResponseData.OffsetDeleteResponsePartition()
                .setPartitionIndex(0).setErrorCode(Errors.GROUP_SUBSCRIBED_TO_TOPIC.code()));
        topics.add(new OffsetDeleteResponseData.OffsetDeleteResponseTopic().setName("orders")
                .setPartitions(partitions));
        groups.offsetDeleteResponse = new OffsetDeleteResponseData().setTopics(topics);
        var requestTopics = new OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection();
        requestTopics.add(new OffsetDeleteRequestData.OffsetDeleteRequestTopic().setName("orders")
                .setPartitions(List.of(new OffsetDeleteRequestData.OffsetDeleteRequestPartition()
                        .setPartitionIndex(0))));
        OffsetDeleteResponse response = call(handler, ApiKeys.OFFSET_DELETE,
                new OffsetDeleteRequestData().setGroupId("g").setTopics(requestTopics),
                (short) 0);
        assertThat(response.data().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.data().topics().find("orders").partitions().find(0).errorCode())
                .isEqualTo(Errors.GROUP_SUBSCRIBED_TO_TOPIC.code());
        assertThat(((OffsetDeleteRequestData) groups.lastRequest).groupId()).isEqualTo("g");
    }

    @Test
    void offsetDeleteOfANegativePartitionIsUnknownAndNeverReachesTheCoordinator()
            throws Exception {
        OffsetDeleteHandler handler = new OffsetDeleteHandler(groups);
        groups.offsetDeleteResponse = new OffsetDeleteResponseData();
        var requestTopics = new OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection();
        requestTopics.add(new OffsetDeleteRequestData.OffsetDeleteRequestTopic().setName("orders")
                .setPartitions(List.of(new OffsetDeleteRequestData.OffsetDeleteRequestPartition()
                        .setPartitionIndex(-2))));
        OffsetDeleteResponse response = call(handler, ApiKeys.OFFSET_DELETE,
                new OffsetDeleteRequestData().setGroupId("g").setTopics(requestTopics),
                (short) 0);
        assertThat(response.data().topics().find("orders").partitions().find(-2).errorCode())
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(((OffsetDeleteRequestData) groups.lastRequest).topics().find("orders")
                .partitions()).isEmpty();
    }

    @Test
    void coordinatorFailuresFailTheRequest() throws Exception {
        groups.failure = new IllegalStateException("coordinator down");
        assertThat(failure(new HeartbeatHandler(groups), ApiKeys.HEARTBEAT,
                new HeartbeatRequestData().setGroupId("g").setMemberId("m"), (short) 4))
                .hasMessage("coordinator down");
        assertThat(failure(new DeleteGroupsHandler(groups), ApiKeys.DELETE_GROUPS,
                new DeleteGroupsRequestData().setGroupsNames(List.of("g")), (short) 2))
                .hasMessage("coordinator down");
    }
}
