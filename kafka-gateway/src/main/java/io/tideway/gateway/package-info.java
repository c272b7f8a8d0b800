/**
 * The Kafka wire protocol on a Vert.x {@code NetServer}: 4-byte size-prefixed framing, one
 * handler class per Kafka API key (decoded and encoded with kafka-clients' generated message
 * classes), SASL and TLS, per-connection in-order responses, and zero-copy fetch.
 *
 * <p>Not built yet: this package arrives with the gateway issue. Until then the module holds
 * only this description.
 */
package io.tideway.gateway;
