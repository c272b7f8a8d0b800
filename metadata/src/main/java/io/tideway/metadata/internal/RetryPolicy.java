package io.tideway.metadata.internal;

import io.tideway.metadata.MetadataConfig;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently a conflicting transaction is retried: at most {@code retryLimit}
 * retries after the first attempt, with exponential backoff and jitter between
 * {@code initialBackoff} and {@code maxBackoff}, all within {@code timeout}. Immutable, thread-safe.
 *
 * @param retryLimit retries after the first attempt
 * @param initialBackoff delay before the first retry (before jitter)
 * @param maxBackoff largest delay
 * @param timeout limit for all attempts together
 */
public record RetryPolicy(int retryLimit, Duration initialBackoff, Duration maxBackoff, Duration timeout) {

    /**
     * @param config the store configuration
     * @return the policy it describes
     */
    public static RetryPolicy from(MetadataConfig config) {
        return new RetryPolicy(config.retryLimit(), config.retryBackoff(), config.retryBackoffMax(), config.timeout());
    }

    /**
     * @param attempt the attempt that just failed (1 for the first)
     * @return whether another attempt is allowed
     */
    public boolean mayRetry(int attempt) {
        return attempt <= retryLimit;
    }

    /**
     * The delay before the next attempt, doubling per attempt up to the maximum, with "equal
     * jitter" (half fixed, half random) so that conflicting retries spread out.
     *
     * @param attempt the attempt that just failed (1 for the first)
     * @return the delay in milliseconds
     */
    public long backoffMillis(int attempt) {
        long initial = initialBackoff.toMillis();
        long max = maxBackoff.toMillis();
        long exponential = initial << Math.min(attempt - 1, 30);
        long capped = exponential < 0 || exponential > max ? max : exponential;
        long half = capped / 2;
        return half + ThreadLocalRandom.current().nextLong(capped - half + 1);
    }
}
