package io.tideway.perf.crash.check;

/**
 * One send: the logical producer and its send counter. Immutable; thread-safe.
 *
 * @param producer logical producer name
 * @param seq the producer's send counter
 */
public record WriteId(String producer, long seq) {

    @Override
    public String toString() {
        return producer + "#" + seq;
    }
}
