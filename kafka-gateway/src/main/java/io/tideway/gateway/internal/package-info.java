/**
 * Internals of the Kafka gateway: framing ({@link io.tideway.gateway.internal.FrameDecoder}),
 * routing ({@link io.tideway.gateway.internal.RequestRouter}), in-order release of responses
 * ({@link io.tideway.gateway.internal.ResponseSequencer}), encoding ({@link
 * io.tideway.gateway.internal.ResponseEncoder}), the ordered write actions of one response
 * (including zero-copy file regions) and the per-connection state machine ({@link
 * io.tideway.gateway.internal.KafkaConnection}) hosted by {@link
 * io.tideway.gateway.internal.GatewayVerticle}, which admits each accepted socket within the
 * broker's connection quotas and logs refusals through the rate-limited {@link
 * io.tideway.gateway.internal.RefusalLog}.
 *
 * <p>Not an API: other modules use {@code io.tideway.gateway} only.
 *
 * <p>Threading: a connection and everything it owns (decoder, sequencer, writer) is confined to the
 * event-loop context that accepted it; no locks. The router and encoder are stateless and shared.
 * The only cross-thread step is a handler's future completing elsewhere, which is hopped back onto
 * the connection's context before touching connection state. A listener's instances share its
 * {@code RefusalLog} (lock-free) and the broker's {@code ConnectionQuotas}.
 */
package io.tideway.gateway.internal;
