/**
 * The Kafka wire protocol on a Vert.x {@code NetServer}: 4-byte size-prefixed framing, one
 * {@link io.tideway.gateway.ApiHandler} per Kafka API key (decoded and encoded with kafka-clients'
 * generated message classes), per-connection in-order responses and a zero-copy send hook.
 *
 * <p>Public surface: {@link io.tideway.gateway.KafkaGateway} (a listener), {@link
 * io.tideway.gateway.GatewayOptions}, the broker-wide connection limits ({@link
 * io.tideway.gateway.ConnectionLimits}, counted by one {@link io.tideway.gateway.ConnectionQuotas}
 * shared by all listeners), the handler SPI ({@link io.tideway.gateway.ApiHandler},
 * {@link io.tideway.gateway.ApiRegistry}, {@link io.tideway.gateway.RequestContext}, {@link
 * io.tideway.gateway.Reply}, {@link io.tideway.gateway.ResponsePart}), the built-in {@link
 * io.tideway.gateway.ApiVersionsHandler} and the {@link io.tideway.gateway.ApiFeatures} it
 * advertises (KIP-584 feature levels such as {@code transaction.version}). Everything else lives
 * in {@code internal}.
 *
 * <p>Threading and ownership: every connection is owned by one Vert.x event-loop context; all of
 * its decoding, routing, ordering and writing happens on that context, so connection state needs
 * no locks. Handlers are shared by all connections on all event loops: they are called on the
 * connection's context, must never block it, and may complete their future on any thread (the
 * gateway hops back to the connection's context). Registries, options and limits are immutable;
 * {@code ConnectionQuotas} is the one shared mutable object (a lock around its counts).
 */
package io.tideway.gateway;
