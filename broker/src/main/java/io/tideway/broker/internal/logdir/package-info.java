/**
 * The node's log directories: which partition lives where ({@code <log dir>/<topic>-<partition>},
 * Kafka's naming), placement of new partitions on the directory holding the fewest, one
 * {@code LogDirFlusher} per directory, the directory marker files ({@code meta.properties} with
 * the cluster id, {@code partition.metadata} with the topic id) and the start-up scan that removes
 * directories of deleted topics. Damaged marker files are reported, never replaced: a bad
 * {@code meta.properties} takes its directory offline, a {@code partition.metadata} naming another
 * topic id keeps its directory and takes the partition offline.
 *
 * <p>Thread contract: {@link io.tideway.broker.internal.logdir.LogDirs} is thread-safe (a small
 * lock guards placement; sizes are read from the partitions' volatile counters). The file helpers
 * and the scanner are stateless and blocking: call them on the {@code tideway-log-io} pool.
 */
package io.tideway.broker.internal.logdir;
