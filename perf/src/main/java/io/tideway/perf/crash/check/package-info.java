/**
 * The crash harness's checker: an immutable {@link io.tideway.perf.crash.check.History} of what
 * the clients were told (acknowledged sends, transaction outcomes, committed group offsets) and
 * what readers saw afterwards (read_committed and read_uncommitted views, the raw batch layout of
 * every partition, the group consumer's polls), and {@link io.tideway.perf.crash.check.Checker},
 * which names Jepsen's queue anomalies in it with counts and examples.
 *
 * <p>Everything here is pure computation over immutable values: no I/O, no clients, no clock, so
 * unit and property tests feed it synthetic histories. The history types are immutable and
 * thread-safe; a check runs on the calling thread.
 */
package io.tideway.perf.crash.check;
