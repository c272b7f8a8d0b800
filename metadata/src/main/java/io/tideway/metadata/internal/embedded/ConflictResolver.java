package io.tideway.metadata.internal.embedded;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Detects read-write conflicts between transactions, as FoundationDB's resolvers do: a
 * transaction whose snapshot has sequence {@code s} conflicts when a transaction that committed
 * after {@code s} wrote a key or range that it read. Point reads and range reads are checked
 * alike, so phantoms (keys inserted into a range that was read) are caught.
 *
 * <p>Commits are identified by the RocksDB sequence number of their batch, which orders them
 * exactly as snapshots see them. History older than every open snapshot cannot conflict and is
 * dropped; beyond {@code maxHistory} commits the oldest are forgotten too, and transactions older
 * than what was forgotten are treated as conflicting (FoundationDB's "transaction too old").
 *
 * <p>Not thread-safe: used only under the committer's lock.
 */
final class ConflictResolver {

    private record Commit(long sequence, KeyRangeSet writes) {
    }

    private final ArrayDeque<Commit> history = new ArrayDeque<>();
    private final int maxHistory;
    private long horizon;

    /** @param maxHistory the most commits remembered while old snapshots are still open */
    ConflictResolver(int maxHistory) {
        this.maxHistory = maxHistory;
    }

    /**
     * @param snapshotSequence the sequence of the transaction's snapshot
     * @param reads the keys and ranges the transaction read
     * @return whether a later commit wrote something it read
     */
    boolean conflicts(long snapshotSequence, KeyRangeSet reads) {
        if (reads.isEmpty()) {
            return false;
        }
        if (snapshotSequence < horizon) {
            return true;
        }
        for (Iterator<Commit> newestFirst = history.descendingIterator(); newestFirst.hasNext(); ) {
            Commit commit = newestFirst.next();
            if (commit.sequence() <= snapshotSequence) {
                return false;
            }
            if (commit.writes().intersects(reads)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Remembers a commit and forgets what no open snapshot can conflict with.
     *
     * @param sequence the commit's sequence number
     * @param writes the keys and ranges it wrote (no longer modified)
     * @param oldestOpenSnapshot the oldest open snapshot's sequence, {@code Long.MAX_VALUE} if none
     */
    void record(long sequence, KeyRangeSet writes, long oldestOpenSnapshot) {
        history.addLast(new Commit(sequence, writes));
        while (!history.isEmpty() && history.peekFirst().sequence() <= oldestOpenSnapshot) {
            history.pollFirst();
        }
        while (history.size() > maxHistory) {
            horizon = history.pollFirst().sequence();
        }
    }

    /** @return commits currently remembered */
    int historySize() {
        return history.size();
    }
}
