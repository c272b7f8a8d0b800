/**
 * The consumer group coordinator ({@link io.tideway.broker.internal.group.GroupCoordinatorService},
 * the engine's {@code GroupCoordinator}): classic groups with Kafka's join/sync protocol, KIP-848
 * consumer groups with server-side assignment ({@link
 * io.tideway.broker.internal.group.ConsumerGroupProtocol}, assignors in the {@code assignor}
 * subpackage), committed offsets in the metadata store, transactional offsets
 * ({@link io.tideway.broker.internal.group.TxnOffsetCommits}: TxnOffsetCommit stages them as
 * pending per producer in the store, the transaction coordinator's marker commits or drops them,
 * OffsetFetch with {@code requireStable} answers UNSTABLE_OFFSET_COMMIT meanwhile), and offset
 * expiry. A group id names a classic or a consumer group, never both. DESIGN.md calls this package
 * {@code io.tideway.broker.group}; implementations live under {@code internal} by convention.
 *
 * <p><b>Threading and ownership.</b> Groups are sharded over the engine's partition-owner
 * event-loop contexts by the hash of the group id; each {@link
 * io.tideway.broker.internal.group.GroupShard} and everything in it (groups, members, timers) is
 * confined to its context and needs no locks. The service hops calls there. Offset reads and
 * writes run on the metadata store's threads and complete back on the owning context. Timers are
 * Vert.x timers of the owning context, behind {@link
 * io.tideway.broker.internal.group.GroupScheduler} so that unit tests drive time by hand.
 * Membership is in memory only: after a restart clients rejoin, while committed and pending
 * transactional offsets survive. The store is the only record of offsets; a shard remembers only
 * which of its groups have any, so that fetches of other groups skip the store. A transaction
 * marker spans groups of several shards: it is one store transaction, after which each affected
 * group's shard is told on its own context.
 */
package io.tideway.broker.internal.group;
