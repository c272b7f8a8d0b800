/**
 * The crash harness ({@code tideway-perf crash}): a Tideway broker JVM under
 * {@code log.flush.policy=group-commit} is killed with SIGKILL at seeded random moments and
 * restarted on the same data directory while idempotent producers, transactional producers and a
 * consumer group run against it; the ledger of what the clients were told is then checked
 * against what readers find ({@link io.tideway.perf.crash.check}).
 *
 * <p>Threading and ownership: {@link io.tideway.perf.crash.CrashRunner#run()} runs on the
 * caller's thread and owns the broker process and the admin client; each client worker runs on
 * its own daemon thread and owns its Kafka client; the thread-safe {@code Ledger} is the only
 * state they share. Every wait is bounded: the run stops by itself.
 */
package io.tideway.perf.crash;
