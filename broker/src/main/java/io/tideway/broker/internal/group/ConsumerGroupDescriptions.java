package io.tideway.broker.internal.group;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * ConsumerGroupDescribe entries, as Kafka builds them: epochs, the assignor, and each member's
 * subscription, current and target assignment with topic names; a missing group is
 * GROUP_ID_NOT_FOUND, and so is a classic group ("not a consumer group", after which Admin falls
 * back to DescribeGroups). DescribeGroups of a consumer group answers as Kafka does for a group
 * of another type: GROUP_ID_NOT_FOUND from v6, Dead before.
 *
 * <p>Thread contract: stateless; called on the group's owning context.
 */
final class ConsumerGroupDescriptions {

  private ConsumerGroupDescriptions() {
  }

  static ConsumerGroupDescribeResponseData.DescribedGroup of(ConsumerGroup group,
      Function<Uuid, String> topicNames) {
    var described = new ConsumerGroupDescribeResponseData.DescribedGroup()
        .setGroupId(group.groupId).setErrorCode(Errors.NONE.code())
        .setGroupState(group.state().kafkaName()).setGroupEpoch(group.groupEpoch)
        .setAssignmentEpoch(group.assignmentEpoch).setAssignorName(group.assignorName);
    for (ConsumerMember member : group.members.values()) {
      described.members().add(new ConsumerGroupDescribeResponseData.Member()
          .setMemberId(member.memberId).setInstanceId(member.instanceId)
          .setRackId(member.rackId).setMemberEpoch(member.memberEpoch)
          .setClientId(member.clientId == null ? "" : member.clientId)
          .setClientHost(member.clientHost == null ? "" : member.clientHost)
          .setSubscribedTopicNames(member.subscribedTopicNames)
          .setSubscribedTopicRegex(member.subscribedTopicRegex)
          .setAssignment(assignment(member.assigned, topicNames))
          .setTargetAssignment(assignment(group.target(member.memberId), topicNames))
          .setMemberType((byte) 1));
    }
    return described;
  }

  static ConsumerGroupDescribeResponseData.DescribedGroup notFound(String groupId,
      boolean classic) {
    return new ConsumerGroupDescribeResponseData.DescribedGroup().setGroupId(groupId)
        .setErrorCode(Errors.GROUP_ID_NOT_FOUND.code())
        .setErrorMessage(classic ? "Group " + groupId + " is not a consumer group."
            : "Group " + groupId + " not found.")
        .setGroupState(ConsumerGroupState.DEAD.kafkaName());
  }

  /** The DescribeGroups (classic API) answer for a consumer group. */
  static DescribeGroupsResponseData.DescribedGroup classicApi(String groupId, short apiVersion) {
    var described = GroupDescriptions.notFound(groupId, apiVersion);
    if (apiVersion >= 6) {
      described.setErrorMessage("Group " + groupId + " is not a classic group.");
    }
    return described;
  }

  private static ConsumerGroupDescribeResponseData.Assignment assignment(
      Map<Uuid, Set<Integer>> partitions, Function<Uuid, String> topicNames) {
    var result = new ConsumerGroupDescribeResponseData.Assignment();
    partitions.forEach((topic, set) -> result.topicPartitions().add(
        new ConsumerGroupDescribeResponseData.TopicPartitions().setTopicId(topic)
            .setTopicName(topicNames.apply(topic))
            .setPartitions(set.stream().sorted().toList())));
    return result;
  }
}
