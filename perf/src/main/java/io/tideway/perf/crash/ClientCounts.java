package io.tideway.perf.crash;

/**
 * Running totals of what the clients were told, for the per-cycle lines and the report.
 *
 * <p>Immutable; thread-safe.
 *
 * @param acked acknowledged idempotent sends
 * @param failed failed idempotent sends
 * @param committed committed transactions
 * @param aborted aborted transactions
 * @param unknown transactions whose commit failed
 * @param abandoned transactions given up before a commit was requested
 * @param polled records the group consumer polled
 * @param commits successful group offset commits
 */
public record ClientCounts(long acked, long failed, long committed, long aborted, long unknown,
        long abandoned, long polled, long commits) {

    /** Whether writers made progress since {@code before}. */
    public boolean progressSince(ClientCounts before) {
        return acked > before.acked || committed > before.committed;
    }

    /** The activity between {@code before} and these totals. */
    public ClientCounts minus(ClientCounts before) {
        return new ClientCounts(acked - before.acked, failed - before.failed,
                committed - before.committed, aborted - before.aborted,
                unknown - before.unknown, abandoned - before.abandoned,
                polled - before.polled, commits - before.commits);
    }
}
