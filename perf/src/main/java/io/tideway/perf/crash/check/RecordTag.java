package io.tideway.perf.crash.check;

import java.util.Optional;

/**
 * What the harness writes into each record's key so that a reader can tell who sent it:
 * {@code <producer>/<incarnation>/<seq>} for an idempotent send and
 * {@code <producer>/<incarnation>/<seq>/<txn>} for a transactional one.
 *
 * <p>{@code producer} is a logical producer ({@code i0}, {@code t1}, ...) whose {@code seq}
 * counts every send across client incarnations, so {@link #id()} is unique per send. A new
 * client instance (after a fatal error) is a new {@code incarnation}: Kafka orders one client's
 * writes to a partition, not two clients', so order is checked per {@link #stream()}.
 *
 * <p>Immutable; thread-safe.
 *
 * @param producer logical producer name, without {@code /}
 * @param incarnation client instance of that producer, from 0
 * @param seq the producer's send counter, from 0
 * @param txn the producer's transaction counter, or {@link #NO_TXN}
 */
public record RecordTag(String producer, int incarnation, long seq, long txn) {

    /** {@link #txn} of an idempotent (non-transactional) send. */
    public static final long NO_TXN = -1;

    /** Validates the fields. */
    public RecordTag {
        if (producer.isEmpty() || producer.indexOf('/') >= 0) {
            throw new IllegalArgumentException("bad producer name '" + producer + "'");
        }
        if (incarnation < 0 || seq < 0 || txn < NO_TXN) {
            throw new IllegalArgumentException("negative counter in " + producer);
        }
    }

    /** The identity of the send. */
    public WriteId id() {
        return new WriteId(producer, seq);
    }

    /** The client instance whose writes Kafka keeps in order per partition. */
    public String stream() {
        return producer + "/" + incarnation;
    }

    /** Whether the send belonged to a transaction. */
    public boolean transactional() {
        return txn != NO_TXN;
    }

    /** The transaction, when {@link #transactional()}. */
    public TxnId txnId() {
        return new TxnId(producer, txn);
    }

    /** The record key. */
    public String key() {
        String base = producer + "/" + incarnation + "/" + seq;
        return transactional() ? base + "/" + txn : base;
    }

    /** Parses a record key; empty when it is not one the harness wrote. */
    public static Optional<RecordTag> parse(String key) {
        if (key == null) {
            return Optional.empty();
        }
        String[] parts = key.split("/", -1);
        if (parts.length != 3 && parts.length != 4) {
            return Optional.empty();
        }
        try {
            long txn = parts.length == 4 ? Long.parseLong(parts[3]) : NO_TXN;
            return Optional.of(new RecordTag(parts[0], Integer.parseInt(parts[1]),
                    Long.parseLong(parts[2]), txn));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return key();
    }
}
