package io.tideway.broker.internal.group;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The KIP-848 consumer groups of one owner context by id. A group id names either a classic group
 * ({@link ClassicGroups}) or a consumer group, never both at once.
 *
 * <p>Thread contract: not thread-safe; owned by one context. Invariant: a group is present from
 * its first member's join until it is deleted, or until it is empty without committed offsets at
 * an offset expiry pass (Kafka's clean-up of empty groups).
 */
final class ConsumerGroups {

  private final Map<String, ConsumerGroup> groups = new HashMap<>();
  private final GroupScheduler scheduler;

  ConsumerGroups(GroupScheduler scheduler) {
    this.scheduler = scheduler;
  }

  ConsumerGroup get(String groupId) {
    return groups.get(groupId);
  }

  boolean contains(String groupId) {
    return groups.containsKey(groupId);
  }

  ConsumerGroup getOrCreate(String groupId) {
    return groups.computeIfAbsent(groupId, id -> new ConsumerGroup(id, scheduler.nowMs()));
  }

  Collection<ConsumerGroup> all() {
    return groups.values();
  }

  /** Removes a group (it must be empty), marking it dead. */
  void remove(ConsumerGroup group) {
    group.dead = true;
    groups.remove(group.groupId, group);
  }
}
