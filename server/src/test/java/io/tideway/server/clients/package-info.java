/**
 * Compatibility integration tests ({@code *IT}, run by Failsafe): unmodified Kafka clients
 * against an in-process Tideway broker. The Java client 4.4.0 (admin, producer, consumer), older
 * Java clients 2.8 and 3.x in their own JVMs, kcat (librdkafka) and the Debian Python clients.
 * Tests of a class share its broker and use their own topics, so they do not depend on each
 * other's order.
 */
package io.tideway.server.clients;
