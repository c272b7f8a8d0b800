package io.tideway.broker.internal.group;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The classic groups of one owner context by id, including groups that exist only because they
 * have committed offsets (state Empty, like Kafka's groups loaded from
 * {@code __consumer_offsets}).
 *
 * <p>The record of group ids with offsets kept here covers consumer groups too: it is the
 * shard's record of which groups have committed or pending transactional offsets in the store,
 * whatever their type. Each entry carries the sequence number of the last offset write issued for
 * the group, so that a pass that found no offsets forgets the group only if no write started
 * since ({@link #forgetOffsets}).
 *
 * <p>Thread contract: not thread-safe; owned by one context. Invariant: a group is present until
 * it is deleted, converted to a consumer group, or empty without offsets.
 */
final class ClassicGroups {

  private final Map<String, ClassicGroup> groups = new HashMap<>();
  private final GroupScheduler scheduler;
  private final Predicate<String> isConsumerGroup;
  /** Groups known to have offsets (so an empty one is kept), with their last write's number. */
  private final Map<String, Long> withOffsets = new HashMap<>();
  private long offsetWrites;

  /**
   * @param isConsumerGroup whether an id belongs to a KIP-848 consumer group of the same context
   */
  ClassicGroups(GroupScheduler scheduler, Predicate<String> isConsumerGroup) {
    this.scheduler = scheduler;
    this.isConsumerGroup = isConsumerGroup;
  }

  ClassicGroup get(String groupId) {
    return groups.get(groupId);
  }

  ClassicGroup getOrCreate(String groupId) {
    return groups.computeIfAbsent(groupId, id -> new ClassicGroup(id, scheduler.nowMs()));
  }

  boolean isConsumerGroup(String groupId) {
    return isConsumerGroup.test(groupId);
  }

  Collection<ClassicGroup> all() {
    return groups.values();
  }

  /** Records that {@code groupId} has (or no longer has) committed or pending offsets. */
  void setHasOffsets(String groupId, boolean hasOffsets) {
    if (hasOffsets) {
      withOffsets.putIfAbsent(groupId, ++offsetWrites);
    } else {
      withOffsets.remove(groupId);
    }
  }

  /**
   * Records that an offset write (commit or transactional stage) for {@code groupId} starts: the
   * group has offsets from now on, and passes started earlier must not forget it.
   */
  void offsetWriteStarted(String groupId) {
    withOffsets.put(groupId, ++offsetWrites);
  }

  /** The number of the last offset write of {@code groupId}, for {@link #forgetOffsets}. */
  long lastOffsetWrite(String groupId) {
    return withOffsets.getOrDefault(groupId, -1L);
  }

  /**
   * Forgets that {@code groupId} has offsets, unless an offset write started after
   * {@code lastWriteSeen} was read (that write may have added offsets).
   *
   * @return whether the group was forgotten
   */
  boolean forgetOffsets(String groupId, long lastWriteSeen) {
    return withOffsets.remove(groupId, lastWriteSeen);
  }

  boolean hasOffsets(String groupId) {
    return withOffsets.containsKey(groupId);
  }

  /** Forgets an empty group without committed offsets, marking it Dead. */
  void removeIfUnused(ClassicGroup group) {
    if (group.isEmpty() && group.pendingMembers.isEmpty() && !withOffsets.containsKey(group.groupId)
        && (group.is(ClassicGroupState.EMPTY) || group.is(ClassicGroupState.DEAD))) {
      group.transitionTo(ClassicGroupState.DEAD, scheduler.nowMs());
      groups.remove(group.groupId, group);
    }
  }

  /**
   * Forgets an empty classic group that becomes a consumer group under the same id, keeping the
   * record of its committed offsets (they now belong to the consumer group).
   */
  void convert(ClassicGroup group) {
    group.transitionTo(ClassicGroupState.DEAD, scheduler.nowMs());
    groups.remove(group.groupId, group);
  }

  /** Removes a group unconditionally (DeleteGroups), marking it Dead. */
  void delete(ClassicGroup group) {
    group.transitionTo(ClassicGroupState.DEAD, scheduler.nowMs());
    groups.remove(group.groupId, group);
    withOffsets.remove(group.groupId);
  }
}
