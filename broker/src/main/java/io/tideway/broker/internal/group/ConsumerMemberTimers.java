package io.tideway.broker.internal.group;

import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two deadlines of a consumer group member: its session ({@code
 * group.consumer.session.timeout.ms}, restarted by every heartbeat) and, while it has partitions
 * to revoke, its rebalance timeout (the client's {@code max.poll.interval.ms}). A member missing
 * either is handed to the expiry callback, which removes it and rebalances the group.
 *
 * <p>Thread contract: not thread-safe; called on the owning context, and timer tasks run there
 * ({@link GroupScheduler}). A task checks that its member is still in the group before acting.
 */
final class ConsumerMemberTimers {

  private static final Logger log = LoggerFactory.getLogger(ConsumerMemberTimers.class);

  private final GroupScheduler scheduler;
  private final ConsumerGroupSettings settings;
  private final BiConsumer<ConsumerGroup, ConsumerMember> expired;

  ConsumerMemberTimers(GroupScheduler scheduler, ConsumerGroupSettings settings,
      BiConsumer<ConsumerGroup, ConsumerMember> expired) {
    this.scheduler = scheduler;
    this.settings = settings;
    this.expired = expired;
  }

  /**
   * After a heartbeat: restarts the session and starts the revocation deadline when the member
   * must revoke (or cancels it when it need not any more).
   */
  void reconciled(ConsumerGroup group, ConsumerMember member) {
    restartSession(group, member);
    if (member.state != ConsumerMemberState.UNREVOKED_PARTITIONS) {
      member.cancelRevocationTimer();
    } else if (member.revocationTimer == null) {
      int timeout = member.rebalanceTimeoutMs > 0 ? member.rebalanceTimeoutMs
          : settings.sessionTimeoutMs();
      member.revocationTimer = scheduler.schedule(timeout, () -> {
        member.revocationTimer = null;
        if (group.members.get(member.memberId) == member
            && member.state == ConsumerMemberState.UNREVOKED_PARTITIONS) {
          log.atInfo().setMessage("Member did not revoke its partitions within its rebalance"
              + " timeout").addKeyValue("groupId", group.groupId)
              .addKeyValue("memberId", member.memberId)
              .addKeyValue("rebalanceTimeoutMs", timeout).log();
          expired.accept(group, member);
        }
      });
    }
  }

  /** (Re)starts the member's session: it is removed unless it heartbeats in time. */
  void restartSession(ConsumerGroup group, ConsumerMember member) {
    if (member.sessionTimer != null) {
      member.sessionTimer.cancel();
    }
    member.sessionTimer = scheduler.schedule(settings.sessionTimeoutMs(), () -> {
      member.sessionTimer = null;
      if (group.members.get(member.memberId) == member) {
        log.atInfo().setMessage("Consumer group member session expired")
            .addKeyValue("groupId", group.groupId).addKeyValue("memberId", member.memberId)
            .addKeyValue("sessionTimeoutMs", settings.sessionTimeoutMs()).log();
        expired.accept(group, member);
      }
    });
  }
}
