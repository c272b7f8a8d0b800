package io.tideway.broker.internal.group;

import io.vertx.core.Promise;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;

/**
 * One member of a classic group: identity, timeouts, supported protocols (in preference order),
 * its assignment, and the join or sync request it is waiting on.
 *
 * <p>Thread contract: not thread-safe; owned by the group's context like {@link ClassicGroup}.
 * Invariant: at most one of {@link #awaitingJoin} and {@link #awaitingSync} is set.
 */
final class ClassicMember {

  final String memberId;
  final String groupInstanceId;
  String clientId;
  String clientHost;
  int rebalanceTimeoutMs;
  int sessionTimeoutMs;
  String protocolType;
  /** Protocol name to metadata, in the member's order of preference. */
  Map<String, byte[]> protocols;
  byte[] assignment = new byte[0];
  Promise<JoinGroupResponseData> awaitingJoin;
  Promise<SyncGroupResponseData> awaitingSync;
  GroupScheduler.Timer sessionTimer;
  /** Whether this member has joined since the current join phase began. */
  boolean isNew;

  ClassicMember(String memberId, String groupInstanceId, String clientId, String clientHost,
      int rebalanceTimeoutMs, int sessionTimeoutMs, String protocolType,
      Map<String, byte[]> protocols) {
    this.memberId = memberId;
    this.groupInstanceId = groupInstanceId;
    this.clientId = clientId;
    this.clientHost = clientHost;
    this.rebalanceTimeoutMs = rebalanceTimeoutMs;
    this.sessionTimeoutMs = sessionTimeoutMs;
    this.protocolType = protocolType;
    this.protocols = new LinkedHashMap<>(protocols);
  }

  /** A copy of this member under a new id (a static member replaced by its restarted self). */
  ClassicMember withId(String newMemberId) {
    ClassicMember copy = new ClassicMember(newMemberId, groupInstanceId, clientId, clientHost,
        rebalanceTimeoutMs, sessionTimeoutMs, protocolType, protocols);
    copy.assignment = assignment;
    return copy;
  }

  boolean isStatic() {
    return groupInstanceId != null;
  }

  /** Whether {@code other} lists the same protocols with the same metadata in the same order. */
  boolean sameProtocols(Map<String, byte[]> other) {
    if (other.size() != protocols.size()) {
      return false;
    }
    var mine = protocols.entrySet().iterator();
    for (Map.Entry<String, byte[]> theirs : other.entrySet()) {
      Map.Entry<String, byte[]> entry = mine.next();
      if (!entry.getKey().equals(theirs.getKey())
          || !java.util.Arrays.equals(entry.getValue(), theirs.getValue())) {
        return false;
      }
    }
    return true;
  }

  /** This member's metadata for {@code protocol}, empty if it does not support it. */
  byte[] metadata(String protocol) {
    byte[] metadata = protocols.get(protocol);
    return metadata == null ? new byte[0] : metadata;
  }

  void cancelSessionTimer() {
    if (sessionTimer != null) {
      sessionTimer.cancel();
      sessionTimer = null;
    }
  }
}
