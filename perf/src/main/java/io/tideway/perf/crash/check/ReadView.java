package io.tideway.perf.crash.check;

import java.util.List;

/**
 * Everything one checker consumer read from the beginning of every partition up to the checked
 * end, in the order its polls returned it.
 *
 * <p>Immutable; thread-safe.
 *
 * @param name {@code read_committed} or {@code read_uncommitted}, for examples
 * @param readCommitted its isolation level
 * @param records the records in poll order
 */
public record ReadView(String name, boolean readCommitted, List<ReadRecord> records) {

    /** Copies the list. */
    public ReadView {
        records = List.copyOf(records);
    }
}
