package io.tideway.broker.internal.txn;

/**
 * The transaction coordinator's settings, Kafka's broker settings of the same names (the engine
 * reads them from the node's static configuration, with Kafka's defaults).
 *
 * <p>Thread contract: an immutable value, thread-safe. Invariant: every value is positive.
 *
 * @param maxTimeoutMs {@code transaction.max.timeout.ms}: the largest transaction timeout a
 *     producer may ask for (900000)
 * @param abortTimedOutIntervalMs
 *     {@code transaction.abort.timed.out.transaction.cleanup.interval.ms}: how often timed-out
 *     transactions are aborted and in-doubt ones retried (10000)
 * @param transactionalIdExpirationMs {@code transactional.id.expiration.ms}: how long an idle
 *     transactional id is kept (604800000, 7 days)
 * @param removeExpiredIntervalMs
 *     {@code transaction.remove.expired.transaction.cleanup.interval.ms}: how often expired
 *     transactional ids are removed (3600000)
 */
public record TransactionSettings(int maxTimeoutMs, long abortTimedOutIntervalMs,
    long transactionalIdExpirationMs, long removeExpiredIntervalMs) {

  /** Kafka's {@code transaction.max.timeout.ms} default. */
  public static final int DEFAULT_MAX_TIMEOUT_MS = 900_000;
  /** Kafka's {@code transaction.abort.timed.out.transaction.cleanup.interval.ms} default. */
  public static final long DEFAULT_ABORT_TIMED_OUT_INTERVAL_MS = 10_000;
  /** Kafka's {@code transactional.id.expiration.ms} default. */
  public static final long DEFAULT_TRANSACTIONAL_ID_EXPIRATION_MS = 604_800_000L;
  /** Kafka's {@code transaction.remove.expired.transaction.cleanup.interval.ms} default. */
  public static final long DEFAULT_REMOVE_EXPIRED_INTERVAL_MS = 3_600_000L;

  /** Validates the values. */
  public TransactionSettings {
    if (maxTimeoutMs <= 0 || abortTimedOutIntervalMs <= 0 || transactionalIdExpirationMs <= 0
        || removeExpiredIntervalMs <= 0) {
      throw new IllegalArgumentException("Transaction settings must be positive, got "
          + "transaction.max.timeout.ms=" + maxTimeoutMs
          + ", transaction.abort.timed.out.transaction.cleanup.interval.ms="
          + abortTimedOutIntervalMs + ", transactional.id.expiration.ms="
          + transactionalIdExpirationMs
          + ", transaction.remove.expired.transaction.cleanup.interval.ms="
          + removeExpiredIntervalMs);
    }
  }

  /** Kafka's defaults. */
  public static TransactionSettings defaults() {
    return new TransactionSettings(DEFAULT_MAX_TIMEOUT_MS, DEFAULT_ABORT_TIMED_OUT_INTERVAL_MS,
        DEFAULT_TRANSACTIONAL_ID_EXPIRATION_MS, DEFAULT_REMOVE_EXPIRED_INTERVAL_MS);
  }
}
