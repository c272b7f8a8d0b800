package io.tideway.perf.report;

/**
 * A goal for a Tideway/Kafka ratio: at least ({@code higherIsBetter}) or at most {@code bound}.
 *
 * <p>Immutable; thread-safe.
 *
 * @param bound the ratio to reach
 * @param higherIsBetter whether the ratio must be {@code >= bound} (else {@code <= bound})
 */
public record Target(double bound, boolean higherIsBetter) {

    /** A ratio of at least {@code bound}. */
    public static Target atLeast(double bound) {
        return new Target(bound, true);
    }

    /** A ratio of at most {@code bound}. */
    public static Target atMost(double bound) {
        return new Target(bound, false);
    }

    /** Whether {@code ratio} meets the goal (never for NaN). */
    public boolean isMetBy(double ratio) {
        if (Double.isNaN(ratio)) {
            return false;
        }
        return higherIsBetter ? ratio >= bound : ratio <= bound;
    }

    /** {@code >= 1.5} or {@code <= 0.5}. */
    @Override
    public String toString() {
        return (higherIsBetter ? ">= " : "<= ") + bound;
    }
}
