package io.tideway.perf.run;

/**
 * Records and bytes moved during the measured window, and the per-second rates they make.
 *
 * <p>Immutable; thread-safe.
 *
 * @param records records in the window
 * @param bytes value bytes in the window
 * @param recordsPerSecond {@code records / seconds}
 * @param megabytesPerSecond {@code bytes / seconds / 1e6} (decimal MB)
 */
public record ThroughputStats(long records, long bytes, double recordsPerSecond,
        double megabytesPerSecond) {

    /** The rates of {@code records} and {@code bytes} over {@code seconds} (> 0). */
    public static ThroughputStats over(long records, long bytes, double seconds) {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("seconds must be > 0: " + seconds);
        }
        return new ThroughputStats(records, bytes, records / seconds, bytes / seconds / 1e6);
    }
}
