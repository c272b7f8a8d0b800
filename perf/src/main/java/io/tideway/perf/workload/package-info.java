/**
 * Workload definitions: the {@link io.tideway.perf.workload.Workload} record (validated,
 * immutable) and its YAML/properties reader. Everything here is immutable or stateless and so
 * safe to share between the harness's producer and consumer threads.
 */
package io.tideway.perf.workload;
