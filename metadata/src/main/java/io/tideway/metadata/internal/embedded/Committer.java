package io.tideway.metadata.internal.embedded;

import io.tideway.metadata.MetadataException;
import io.tideway.metadata.MetadataUnavailableException;
import io.tideway.metadata.internal.LittleEndianAdd;
import io.tideway.metadata.internal.VersionstampTemplate;
import io.tideway.metadata.internal.embedded.EmbeddedTransaction.RequestedWatch;
import io.tideway.metadata.internal.embedded.WriteBuffer.Add;
import io.tideway.metadata.internal.embedded.WriteBuffer.PendingWrite;
import io.tideway.metadata.internal.embedded.WriteBuffer.StampedKey;
import io.tideway.metadata.internal.embedded.WriteBuffer.StampedValue;
import io.tideway.metadata.internal.embedded.WriteBuffer.Value;
import io.tideway.metadata.internal.embedded.WatchRegistry.Watch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Commits embedded transactions one at a time under the commit lock: conflict check, commit
 * version, one atomic durable RocksDB batch (data and commit version together), conflict history,
 * then watches. Atomic adds and versionstamps are resolved here, against the committed state.
 *
 * <p>Thread-safe: everything mutable is guarded by the commit lock, which is held only for
 * the check and the synced write of one transaction. Futures are completed after the lock is
 * released. Runs on store workers (it blocks on fsync).
 */
final class Committer {

    /** What happened to a commit request. */
    enum Outcome { COMMITTED, CONFLICT, ABANDONED }

    /** The result of a commit request and, when committed, its versionstamp (null if nothing was written). */
    record Result(Outcome outcome, byte[] versionstamp) {
    }

    private final Object commitLock = new Object();
    private final RocksStorage storage;
    private final ConflictResolver resolver;
    private final WatchRegistry watches;
    private long commitVersion;
    private boolean closed;

    Committer(RocksStorage storage, ConflictResolver resolver, WatchRegistry watches) {
        this.storage = storage;
        this.resolver = resolver;
        this.watches = watches;
        this.commitVersion = storage.readCommitVersion();
    }

    long commitVersion() {
        synchronized (commitLock) {
            return commitVersion;
        }
    }

    /**
     * Commits a transaction whose body has completed.
     *
     * @param txn the transaction, frozen by {@link EmbeddedTransaction#beginCommit()}
     * @param writes its buffered writes
     * @param claim called once the commit is certain to be attempted; returning false (the
     *        operation already timed out or was aborted) abandons the commit
     * @return the outcome; a storage failure after a successful claim is thrown
     */
    Result commit(EmbeddedTransaction txn, WriteBuffer writes, BooleanSupplier claim) {
        List<Watch> fired = new ArrayList<>();
        List<Watch> refused = new ArrayList<>();
        byte[] stamp = null;
        synchronized (commitLock) {
            if (closed) {
                throw new MetadataUnavailableException("Embedded metadata store " + storage.dir() + " is closed");
            }
            if (!writes.isEmpty() && resolver.conflicts(txn.snapshotSequence(), txn.readConflicts())) {
                return new Result(Outcome.CONFLICT, null);
            }
            List<Watch> requested = baselines(txn);
            if (!claim.getAsBoolean()) {
                return new Result(Outcome.ABANDONED, null);
            }
            if (!writes.isEmpty()) {
                stamp = VersionstampTemplate.stamp(commitVersion + 1, 0);
                Applied applied = apply(writes, stamp, commitVersion + 1);
                commitVersion++;
                for (Watch watch : watches.watching(applied.keys(), writes.clearedRanges())) {
                    if (watch.changedTo(storage.get(null, watch.key))) {
                        watches.remove(watch);
                        fired.add(watch);
                    }
                }
                resolver.record(applied.sequence(), applied.conflictSet(), storage.oldestViewSequence());
            }
            for (Watch watch : requested) {
                if (watch.changedTo(storage.get(null, watch.key))) {
                    fired.add(watch);
                } else if (!watches.add(watch)) {
                    refused.add(watch);
                }
            }
        }
        fired.forEach(watch -> watch.future.complete(null));
        refused.forEach(watch -> watch.future.completeExceptionally(new MetadataException(
                "Too many watches: the limit is " + watches.limit() + " (metadata.watches.max)")));
        return new Result(Outcome.COMMITTED, stamp);
    }

    /** Closes the committer: later commits fail. @return the watches that were outstanding */
    List<Watch> close() {
        synchronized (commitLock) {
            closed = true;
            return watches.drain();
        }
    }

    /** What a written batch changed: its sequence, the keys it set or cleared, and its conflict set. */
    private record Applied(long sequence, List<byte[]> keys, KeyRangeSet conflictSet) {
    }

    /** Builds the batch for {@code version} and writes it durably. */
    private Applied apply(WriteBuffer writes, byte[] stamp, long version) {
        KeyRangeSet written = writes.clearedRanges().copy();
        List<byte[]> writtenKeys = new ArrayList<>();
        try (WriteBatch batch = new WriteBatch()) {
            for (Map.Entry<byte[], byte[]> range : writes.clearedRanges().ranges().entrySet()) {
                storage.deleteRange(batch, range.getKey(), range.getValue());
            }
            for (Map.Entry<byte[], PendingWrite> entry : writes.points().entrySet()) {
                byte[] key = entry.getKey();
                PendingWrite pending = entry.getValue();
                if (pending instanceof Value value) {
                    storage.put(batch, key, value.value());
                } else if (pending instanceof Add add) {
                    // No read conflict: the add applies to whatever is committed now.
                    storage.put(batch, key, LittleEndianAdd.add(storage.get(null, key), add.delta()));
                } else if (pending instanceof StampedValue stamped) {
                    storage.put(batch, key, VersionstampTemplate.complete(stamped.template(), stamp));
                } else {
                    storage.delete(batch, key);
                }
                written.addKey(key);
                writtenKeys.add(key);
            }
            for (StampedKey stamped : writes.stampedKeys()) {
                byte[] key = VersionstampTemplate.complete(stamped.template(), stamp);
                storage.put(batch, key, stamped.value());
                written.addKey(key);
                writtenKeys.add(key);
            }
            storage.putCommitVersion(batch, version);
            return new Applied(storage.write(batch), writtenKeys, written);
        } catch (RocksDBException e) {
            throw storage.failure("build a commit batch", e);
        }
    }

    /** Turns requested watches into registrations holding the value the transaction saw. */
    private static List<Watch> baselines(EmbeddedTransaction txn) {
        List<Watch> requested = new ArrayList<>(txn.requestedWatches().size());
        for (RequestedWatch request : txn.requestedWatches()) {
            PendingWrite pending = request.pendingAtRequest();
            byte[] base = WriteBuffer.needsBase(pending) ? txn.snapshotValue(request.key()) : null;
            requested.add(new Watch(request.key(), WriteBuffer.resolve(pending, base), request.future()));
        }
        return requested;
    }
}
