/**
 * The embedded metadata backend: RocksDB in a local directory with FoundationDB's transaction
 * semantics (snapshot reads, read-your-writes, serializable commits with point and range conflict
 * detection, atomic adds, versionstamps, watches) for the transactions of one process.
 *
 * <p><b>Threads and ownership</b>: the store owns a bounded pool of {@code tideway-metadata-N}
 * workers; every blocking RocksDB call, every transaction body and every future completion runs
 * there (or on the caller's thread only when that is already a worker). Commits are serialized
 * by one short commit lock in {@code Committer}. A transaction object belongs to one attempt and
 * refuses use after its body's stage completes. The RocksDB {@code LOCK} file makes a directory
 * usable by one store at a time.
 *
 * <p><b>Damaged files</b> are refused rather than read around: the write-ahead log may lose only
 * an incomplete final record, a directory without {@code CURRENT} is never re-created empty, and
 * the commit version of the last clean close ({@code CommitWitness}) must not be ahead of the
 * database's.
 */
package io.tideway.metadata.internal.embedded;
