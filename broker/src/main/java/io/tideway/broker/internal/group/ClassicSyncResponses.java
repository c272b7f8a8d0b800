package io.tideway.broker.internal.group;

import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * Builds SyncGroup responses: a member's assignment with the group's protocol, or an error with
 * an empty assignment.
 *
 * <p>Thread contract: stateless; called on the group's owning context.
 */
final class ClassicSyncResponses {

  private ClassicSyncResponses() {
  }

  static SyncGroupResponseData of(ClassicGroup group, ClassicMember member, Errors error) {
    return new SyncGroupResponseData().setErrorCode(error.code())
        .setProtocolType(group.protocolType).setProtocolName(group.protocolName)
        .setAssignment(member.assignment);
  }

  static SyncGroupResponseData error(Errors error) {
    return new SyncGroupResponseData().setErrorCode(error.code()).setAssignment(new byte[0]);
  }
}
