/**
 * Server-side partition assignors of the KIP-848 consumer group protocol: {@link
 * io.tideway.broker.internal.group.assignor.UniformAssignor} ({@code uniform}, sticky and
 * balanced) and {@link io.tideway.broker.internal.group.assignor.RangeAssignor} ({@code range},
 * co-partitioning per topic). Both are pure functions of an {@link
 * io.tideway.broker.internal.group.assignor.AssignmentSpec}.
 *
 * <p><b>Threading and ownership.</b> Assignors are stateless and thread-safe; the group
 * coordinator calls them on the event-loop context that owns the group. Inputs and outputs are
 * immutable.
 */
package io.tideway.broker.internal.group.assignor;
