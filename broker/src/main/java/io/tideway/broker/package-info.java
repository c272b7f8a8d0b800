/**
 * The broker engine's public API, protocol-neutral: {@link io.tideway.broker.Broker} and the
 * services it exposes (topics, partitions, producer ids, broker configuration, log directories).
 * Front ends (the Kafka gateway, the REST proxy) use only these types; implementations live in
 * {@code io.tideway.broker.internal} and its subpackages.
 *
 * <p><b>Thread contract.</b> Every type here is thread-safe. Each partition is owned by one Vert.x
 * event-loop context, chosen by hash when it opens; operations on it hop to that context and run
 * there in submission order, so partition state needs no locks. Blocking work (opening logs,
 * deleting segments, metadata transactions) runs on named, bounded worker pools or the metadata
 * store's own threads, and completes back on the owning context. Futures complete on the owning
 * context: callers hop back to their own before touching state they own. Failures are Kafka
 * {@link org.apache.kafka.common.errors.ApiException}s.
 */
package io.tideway.broker;
