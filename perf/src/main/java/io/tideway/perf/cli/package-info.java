/**
 * The {@code tideway-perf} command line ({@link io.tideway.perf.cli.PerfMain}): parses options,
 * reads the workload, runs or compares, writes the results directory. Runs on the main thread.
 */
package io.tideway.perf.cli;
