package io.tideway.gateway.handlers.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.LeaveGroupResponseData.MemberResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.LeaveGroupResponse;
import org.junit.jupiter.api.Test;

class LeaveGroupHandlerTest extends GroupHandlerTestBase {

    private final LeaveGroupHandler handler = new LeaveGroupHandler(groups);

    @Test
    void oneMemberLeavesByMemberIdBeforeV3() throws Exception {
        for (short v = 0; v < 3; v++) {
            LeaveGroupResponse response = call(handler, ApiKeys.LEAVE_GROUP,
                    new LeaveGroupRequestData().setGroupId("g").setMemberId("m-1"), v);
            assertThat(response.error()).as("v%d", v).isEqualTo(Errors.NONE);
            LeaveGroupRequestData passed = (LeaveGroupRequestData) groups.lastRequest;
            assertThat(passed.groupId()).isEqualTo("g");
            assertThat(passed.members()).singleElement()
                    .satisfies(m -> assertThat(m.memberId()).isEqualTo("m-1"));
            assertThat(groups.lastContext.apiVersion()).isEqualTo(v);
        }
    }

    @Test
    void aBatchOfMembersLeavesFromV3WithAnErrorPerMember() throws Exception {
        for (short v = 3; v <= handler.maxVersion(); v++) {
            LeaveGroupResponse response = call(handler, ApiKeys.LEAVE_GROUP,
                    new LeaveGroupRequestData().setGroupId("g").setMembers(List.of(
                            new MemberIdentity().setMemberId("m-1"),
                            new MemberIdentity().setMemberId("m-2").setGroupInstanceId("b"),
                            new MemberIdentity().setMemberId("m-3")
                                    .setGroupInstanceId("fenced"))), v);
            assertThat(response.data().errorCode()).as("v%d", v).isEqualTo(Errors.NONE.code());
            assertThat(response.memberResponses()).extracting(MemberResponse::memberId,
                    MemberResponse::groupInstanceId, MemberResponse::errorCode).containsExactly(
                    tuple("m-1", null, Errors.NONE.code()),
                    tuple("m-2", "b", Errors.NONE.code()),
                    tuple("m-3", "fenced",
                            Errors.FENCED_INSTANCE_ID.code()));
        }
    }

    @Test
    void aSingleMembersErrorIsShownAtTheTopLevelBeforeV3() throws Exception {
        for (short v = 0; v < 3; v++) {
            LeaveGroupResponse response = call(handler, ApiKeys.LEAVE_GROUP,
                    new LeaveGroupRequestData().setGroupId("g").setMemberId("unknown"), v);
            assertThat(response.error()).as("v%d", v).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        }
    }

    @Test
    void aCoordinatorFailureFailsTheRequest() throws Exception {
        groups.failure = new IllegalStateException("store down");
        assertThat(failure(handler, ApiKeys.LEAVE_GROUP,
                new LeaveGroupRequestData().setGroupId("g").setMemberId("m"), (short) 1))
                .isInstanceOf(IllegalStateException.class).hasMessage("store down");
    }
}
