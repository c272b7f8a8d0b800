/**
 * The segment log engine: one {@link io.tideway.broker.log.PartitionLog} per partition, a
 * directory of segments holding Kafka v2 record batches exactly as received ({@code .log}), with
 * a sparse memory-mapped offset index ({@code .index}) and time index ({@code .timeindex}), and
 * Kafka's aborted-transaction index ({@code .txnindex}, entries
 * {@link io.tideway.broker.log.AbortedTransaction}).
 *
 * <p>Public API: {@link io.tideway.broker.log.PartitionLog} (append, offset-preserving append,
 * read as a zero-copy {@link io.tideway.broker.log.FetchSlice}, timestamp lookups, roll,
 * retention, delete-records, truncation, aborted transactions: append, collect for a fetch, and
 * the rebuild protocol after an open that emptied indexes),
 * {@link io.tideway.broker.log.LogConfig}, {@link io.tideway.broker.log.LogDirFlusher} (group
 * commit) with its {@link io.tideway.broker.log.FileWrites} and
 * {@link io.tideway.broker.log.LogDirWriteGuard}, the
 * {@link io.tideway.broker.log.SegmentListener} lifecycle events, and the batch header and
 * validator. Everything else is package-private.
 *
 * <p>Threading and ownership: a partition log is owned by one thread at a time, the partition's
 * Vert.x event-loop context, and is not thread-safe. Appends and reads touch only the page cache
 * and run on that context; open/recovery, retention deletes, delete-records and truncation are
 * blocking and may run on a worker on the owner's behalf while the owner makes no other call.
 * fsync never runs on the owner: each log directory has one {@code LogDirFlusher} thread that
 * batches fsyncs from all its partitions and completes durability futures on that thread. The
 * log does not depend on the metadata module; lifecycle events go to a {@code SegmentListener}.
 *
 * <p>Storage failures: the flusher is also the log directory's handle. Every file write goes
 * through its {@link io.tideway.broker.log.FileWrites} (the failure-injection seam), and its
 * {@link io.tideway.broker.log.LogDirWriteGuard} (thread-safe, shared by the directory's logs)
 * refuses appends after a failed write until space returns ({@link io.tideway.broker.log.DiskSpace})
 * and after a failed fsync until restart. A failed append is undone before it is reported; damaged
 * files found on open are rebuilt or reported with their path (see {@code docs/reliability.md}).
 */
package io.tideway.broker.log;
