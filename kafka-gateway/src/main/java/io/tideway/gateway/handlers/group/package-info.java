/**
 * The Kafka consumer group APIs, one {@link io.tideway.gateway.ApiHandler}
 * per API key, built by {@link io.tideway.gateway.handlers.group.GroupHandlers#create}: coordinator
 * lookup (FindCoordinator), membership (JoinGroup, SyncGroup, Heartbeat, LeaveGroup), offsets
 * (OffsetCommit, OffsetFetch, OffsetDelete) and administration (DescribeGroups, ListGroups,
 * DeleteGroups), and the KIP-848 consumer protocol (ConsumerGroupHeartbeat, ConsumerGroupDescribe).
 *
 * <p>The handlers are thin: they translate request versions (batched forms, v10 topic ids) and
 * delegate to the engine's {@link io.tideway.broker.GroupCoordinator}, which owns every group's
 * state and Kafka's error semantics.
 *
 * <p><b>Threading and ownership.</b> Handlers are stateless and never block: {@code handle} runs on
 * the connection's event loop, and the coordinator's futures complete on the group's owning
 * context or a metadata store thread; the gateway writes the reply from any thread in request
 * order. A JoinGroup or SyncGroup reply may be held back for up to the group's rebalance timeout;
 * later requests on the same connection wait behind it, as in Kafka.
 */
package io.tideway.gateway.handlers.group;
