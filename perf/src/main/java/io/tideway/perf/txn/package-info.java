/**
 * Transaction throughput ({@code tideway-perf txn}): committed transactions per second of one
 * transactional producer, transactions of N records of a fixed size, with per-transaction latency
 * percentiles. A measurement run from the command line, never part of {@code ./mvnw verify}'s
 * assertions.
 *
 * <p>Threading: the benchmark runs on the caller's thread, which owns its producer and admin
 * client; options and results are immutable.
 */
package io.tideway.perf.txn;
