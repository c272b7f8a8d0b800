/**
 * Turns run results into numbers and files: Tideway/Kafka ratios of medians with their targets,
 * the JSON report, the Markdown summary and the XChart PNG charts. Everything here is stateless
 * or immutable; writing the files is blocking I/O on the caller's thread.
 */
package io.tideway.perf.report;
