package io.tideway.perf.crash.check;

import java.util.List;

/**
 * Checks a {@link History} for every {@link Anomaly}: lost writes, duplicates and moved
 * acknowledgements ({@code DeliveryCheck}), reordering and nonmonotonic polls
 * ({@code OrderCheck}), offset gaps ({@code OffsetGapCheck}), aborted reads
 * ({@code TransactionCheck}), committed group offsets ({@code GroupOffsetCheck}) and the
 * transactions the history reports unresolved.
 *
 * <p>Stateless; thread-safe. A check runs on the calling thread, in time linear in the history
 * (plus sorting).
 */
public final class Checker {

    private Checker() {
    }

    /** Checks one history. */
    public static CheckReport check(History history) {
        AnomalyLog log = new AnomalyLog();
        ReadIndex uncommitted = new ReadIndex(history.uncommitted());
        ReadIndex committed = new ReadIndex(history.committed());
        DeliveryCheck.run(history, uncommitted, committed, log);
        OrderCheck.run(history, log);
        OffsetGapCheck.run(history, log);
        TransactionCheck.run(history, new MarkerIndex(history.logs()), log);
        GroupOffsetCheck.run(history, log);
        for (String unresolved : history.unresolvedTransactions()) {
            log.add(Anomaly.UNRESOLVED_TRANSACTION, unresolved);
        }
        long acked = history.writes().stream().filter(w -> w.ack() == Write.Ack.ACKED).count();
        long committedTxns = history.transactions().stream()
                .filter(t -> t.outcome() == TxnOutcome.COMMITTED).count();
        List<ReadRecord> committedRecords = history.committed().records();
        return new CheckReport(log.counts(), log.examples(), uncommitted.all().size(),
                committedRecords.size(), acked, committedTxns, history.polls().size());
    }
}
