package io.tideway.broker.internal.group;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.JoinGroupRequest;

/**
 * Builds JoinGroup responses: errors, and successful ones with the generation, the chosen
 * protocol and the leader for every member, plus, for the leader only, every member's metadata
 * for the chosen protocol (the input of its client-side assignor).
 *
 * <p>Thread contract: stateless; called on the group's owning context.
 */
final class ClassicJoinResponses {

  /**
   * @param skipAssignment tell a leader that it need not compute an assignment (a restarted
   *     static leader, v9+); its member list is still sent so that it knows the group
   * @param apiVersion the request version, which decides whether skipping is possible
   */
  JoinGroupResponseData join(ClassicGroup group, ClassicMember member, boolean skipAssignment,
      short apiVersion) {
    boolean leader = member.memberId.equals(group.leaderId);
    List<JoinGroupResponseData.JoinGroupResponseMember> members = new ArrayList<>();
    if (leader) {
      for (ClassicMember each : group.members.values()) {
        members.add(new JoinGroupResponseData.JoinGroupResponseMember()
            .setMemberId(each.memberId).setGroupInstanceId(each.groupInstanceId)
            .setMetadata(each.metadata(group.protocolName)));
      }
    }
    return new JoinGroupResponseData().setErrorCode(Errors.NONE.code())
        .setGenerationId(group.generationId).setProtocolType(group.protocolType)
        .setProtocolName(group.protocolName).setLeader(group.leaderId)
        .setSkipAssignment(skipAssignment && leader
            && JoinGroupRequest.supportsSkippingAssignment(apiVersion))
        .setMemberId(member.memberId).setMembers(members);
  }

  /** A JoinGroup error response, with Kafka's unknown generation, protocol and leader. */
  static JoinGroupResponseData error(String memberId, Errors error) {
    return new JoinGroupResponseData().setErrorCode(error.code())
        .setGenerationId(JoinGroupRequest.UNKNOWN_GENERATION_ID)
        .setProtocolName(JoinGroupRequest.UNKNOWN_PROTOCOL_NAME)
        .setLeader(JoinGroupRequest.UNKNOWN_MEMBER_ID)
        .setMemberId(memberId == null ? JoinGroupRequest.UNKNOWN_MEMBER_ID : memberId);
  }
}
