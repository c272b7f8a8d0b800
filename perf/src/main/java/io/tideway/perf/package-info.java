/**
 * The load harness that runs the same OpenMessaging-style workload against Tideway and Apache
 * Kafka side by side, the kill -9 crash harness with its consistency checker (under
 * {@code io.tideway.perf.crash}), and (under {@code io.tideway.perf.jmh}) the JMH
 * microbenchmarks of the hot paths.
 */
package io.tideway.perf;
