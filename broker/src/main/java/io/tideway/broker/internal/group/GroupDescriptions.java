package io.tideway.broker.internal.group;

import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * DescribeGroups entries for classic groups, as Kafka builds them: members with their metadata
 * and assignment only while the group is Stable (otherwise the protocol is not settled), and a
 * missing group as Dead (v0-v5) or GROUP_ID_NOT_FOUND (v6+, KIP-1043).
 *
 * <p>Thread contract: stateless; called on the group's owning context.
 */
final class GroupDescriptions {

  private GroupDescriptions() {
  }

  static DescribeGroupsResponseData.DescribedGroup of(ClassicGroup group) {
    boolean stable = group.is(ClassicGroupState.STABLE);
    var described = new DescribeGroupsResponseData.DescribedGroup().setGroupId(group.groupId)
        .setErrorCode(Errors.NONE.code()).setGroupState(group.state().kafkaName())
        .setProtocolType(group.protocolType == null ? "" : group.protocolType)
        .setProtocolData(stable && group.protocolName != null ? group.protocolName : "");
    for (ClassicMember member : group.members.values()) {
      described.members().add(new DescribeGroupsResponseData.DescribedGroupMember()
          .setMemberId(member.memberId).setGroupInstanceId(member.groupInstanceId)
          .setClientId(member.clientId).setClientHost(member.clientHost)
          .setMemberMetadata(stable ? member.metadata(group.protocolName) : new byte[0])
          .setMemberAssignment(stable ? member.assignment : new byte[0]));
    }
    return described;
  }

  static DescribeGroupsResponseData.DescribedGroup notFound(String groupId, short apiVersion) {
    var described = new DescribeGroupsResponseData.DescribedGroup().setGroupId(groupId)
        .setGroupState(ClassicGroupState.DEAD.kafkaName()).setProtocolType("")
        .setProtocolData("");
    if (apiVersion >= 6) {
      return described.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code())
          .setErrorMessage("Group " + groupId + " not found.");
    }
    return described.setErrorCode(Errors.NONE.code());
  }
}
