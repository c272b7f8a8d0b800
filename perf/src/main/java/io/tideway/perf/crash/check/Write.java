package io.tideway.perf.crash.check;

/**
 * One send and what the producer's callback said about it.
 *
 * <p>For an idempotent send {@link Ack#ACKED} is the durability promise (acks=all under
 * group commit). For a transactional send it only says where the record went; the promise is
 * the transaction's commit.
 *
 * <p>Immutable; thread-safe.
 *
 * @param tag what the record carries
 * @param partition the partition it was sent to
 * @param ack the callback's answer so far
 * @param offset the offset the callback reported, or -1 unless {@link Ack#ACKED}
 */
public record Write(RecordTag tag, int partition, Ack ack, long offset) {

    /** The callback's answer. */
    public enum Ack {
        /** No callback yet: no claim either way. */
        PENDING,
        /** Success, with an offset. */
        ACKED,
        /** Failure: the record may or may not be in the log (indeterminate). */
        FAILED
    }

    /** Validates that only an acknowledged write has an offset. */
    public Write {
        if ((ack == Ack.ACKED) != (offset >= 0)) {
            throw new IllegalArgumentException(tag + ": offset " + offset + " with " + ack);
        }
    }

    /** A send without an answer yet. */
    public static Write pending(RecordTag tag, int partition) {
        return new Write(tag, partition, Ack.PENDING, -1);
    }

    /** This write acknowledged at {@code at}. */
    public Write acked(long at) {
        return new Write(tag, partition, Ack.ACKED, at);
    }

    /** This write failed. */
    public Write failed() {
        return new Write(tag, partition, Ack.FAILED, -1);
    }
}
