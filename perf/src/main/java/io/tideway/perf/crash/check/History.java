package io.tideway.perf.crash.check;

import java.util.List;

/**
 * Everything one check looks at, taken so that every claim in it holds for the reads: the sends
 * and transactions were snapshotted before the checked ends were captured, and the reads cover
 * each partition up to its checked end with the last stable offset at or past it.
 *
 * <p>Immutable; thread-safe.
 *
 * @param writes every idempotent send
 * @param transactions every transaction
 * @param views the checker's read_uncommitted and read_committed reads
 * @param logs the raw batch layout of every partition
 * @param polls the group consumer's records
 * @param committedOffsets observations of the group's committed offsets, in time order
 * @param unresolvedTransactions transactions (or partitions) still open after the transaction
 *     timeout, one description each
 */
public record History(List<Write> writes, List<Transaction> transactions, List<ReadView> views,
        List<PartitionBatches> logs, List<Poll> polls, List<CommittedOffset> committedOffsets,
        List<String> unresolvedTransactions) {

    /** Copies the lists. */
    public History {
        writes = List.copyOf(writes);
        transactions = List.copyOf(transactions);
        views = List.copyOf(views);
        logs = List.copyOf(logs);
        polls = List.copyOf(polls);
        committedOffsets = List.copyOf(committedOffsets);
        unresolvedTransactions = List.copyOf(unresolvedTransactions);
    }

    /** The read_uncommitted view, or an empty one. */
    public ReadView uncommitted() {
        return views.stream().filter(v -> !v.readCommitted()).findFirst()
                .orElse(new ReadView("read_uncommitted", false, List.of()));
    }

    /** The read_committed view, or an empty one. */
    public ReadView committed() {
        return views.stream().filter(ReadView::readCommitted).findFirst()
                .orElse(new ReadView("read_committed", true, List.of()));
    }
}
