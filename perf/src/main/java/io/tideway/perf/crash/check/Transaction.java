package io.tideway.perf.crash.check;

import java.util.List;

/**
 * One transaction of a transactional producer: its sends (with their callbacks' answers) and
 * what the producer knows about its end.
 *
 * <p>Immutable; thread-safe.
 *
 * @param id producer and transaction counter
 * @param outcome what the producer was told
 * @param writes the sends, in send order
 */
public record Transaction(TxnId id, TxnOutcome outcome, List<Write> writes) {

    /** Copies the list. */
    public Transaction {
        writes = List.copyOf(writes);
    }

    /** This transaction with another outcome. */
    public Transaction withOutcome(TxnOutcome next) {
        return new Transaction(id, next, writes);
    }
}
