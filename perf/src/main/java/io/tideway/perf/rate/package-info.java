/**
 * Rate control without coordinated omission: a {@link io.tideway.perf.rate.SendSchedule} fixes
 * every send's intended time up front and a {@link io.tideway.perf.rate.Pacer} (one per producer
 * thread, not shared) waits for it. Latency is always measured from the intended time.
 */
package io.tideway.perf.rate;
