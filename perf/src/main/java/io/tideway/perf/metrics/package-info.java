/**
 * Measurement primitives: HdrHistogram latency recording from intended send times, per-second
 * throughput buckets and {@code /proc} readings of a broker process. Recorders are written from
 * many producer and consumer threads (lock-free) and read by one reporting thread.
 */
package io.tideway.perf.metrics;
