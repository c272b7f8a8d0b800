/**
 * JMH microbenchmarks of Tideway's hot paths, starting with the segment log
 * ({@link io.tideway.perf.jmh.LogAppendBenchmark}, {@link io.tideway.perf.jmh.LogReadBenchmark}).
 *
 * <p>Run them with {@code ./mvnw -B -pl perf -Pjmh package} (arguments for JMH in
 * {@code -Djmh.args=...}); they are never part of {@code verify}. Throughput is reported per
 * operation and, through an auxiliary counter named {@code bytes}, in bytes per second.
 *
 * <p>Threading: each benchmark state is confined to its JMH worker thread (Scope.Thread), which
 * plays the partition's owner; the log directory's flusher runs on its own thread as in the broker.
 */
package io.tideway.perf.jmh;
