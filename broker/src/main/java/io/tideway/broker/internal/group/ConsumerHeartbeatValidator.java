package io.tideway.broker.internal.group;

import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;

/**
 * Kafka's field checks of a ConsumerGroupHeartbeat ({@code
 * throwIfConsumerGroupHeartbeatRequestIsInvalid}); a violation is answered with INVALID_REQUEST
 * and the message returned here.
 *
 * <p>Thread contract: stateless and thread-safe.
 */
final class ConsumerHeartbeatValidator {

  private ConsumerHeartbeatValidator() {
  }

  /** The reason the request is invalid, or null when it is valid. */
  static String invalidReason(ConsumerGroupHeartbeatRequestData request, short apiVersion) {
    if (request.groupId() == null || request.groupId().isEmpty()) {
      return "GroupId can't be empty.";
    }
    if (apiVersion >= 1 && (request.memberId() == null || request.memberId().isEmpty())) {
      return "MemberId can't be empty.";
    }
    if (request.instanceId() != null && request.instanceId().isEmpty()) {
      return "InstanceId can't be empty.";
    }
    if (request.rackId() != null && request.rackId().isEmpty()) {
      return "RackId can't be empty.";
    }
    int epoch = request.memberEpoch();
    if (epoch == 0) {
      if (request.rebalanceTimeoutMs() == -1) {
        return "RebalanceTimeoutMs must be provided in first request.";
      }
      if (request.topicPartitions() != null && !request.topicPartitions().isEmpty()) {
        return "TopicPartitions must be empty when (re-)joining.";
      }
      if (request.subscribedTopicNames() == null && request.subscribedTopicRegex() == null) {
        return "Either SubscribedTopicNames or SubscribedTopicRegex must be non-null when"
            + " (re-)joining.";
      }
    } else if (epoch == ConsumerMember.LEAVE_STATIC_EPOCH) {
      if (request.instanceId() == null) {
        return "InstanceId can't be null.";
      }
    } else if (epoch < ConsumerMember.LEAVE_STATIC_EPOCH) {
      return "MemberEpoch is invalid.";
    }
    if (epoch != ConsumerMember.LEAVE_EPOCH && epoch != ConsumerMember.LEAVE_STATIC_EPOCH
        && request.rebalanceTimeoutMs() < -1) {
      return "RebalanceTimeoutMs must be -1 or positive.";
    }
    return null;
  }
}
