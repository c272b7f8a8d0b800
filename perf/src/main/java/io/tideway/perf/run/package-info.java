/**
 * Runs a workload against a bootstrap with kafka-clients: one thread per producer (paced from
 * intended send times) and per consumer ({@code assign}, no group), one scheduler thread for
 * progress lines and {@code /proc} samples. The measurements go into lock-free
 * {@link io.tideway.perf.run.RunMetrics}; {@link io.tideway.perf.run.WorkloadRunner#run} blocks
 * its caller and joins every thread it started before it returns an immutable
 * {@link io.tideway.perf.run.RunResult}.
 */
package io.tideway.perf.run;
