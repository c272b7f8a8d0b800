/**
 * Test infrastructure for running real Kafka clients against a real broker: {@link
 * io.tideway.server.testing.TidewayBrokerTest} (a JUnit 5 extension that starts an in-process
 * broker per test class on a free port with its own data directory), {@link
 * io.tideway.server.testing.RunningBroker} (the handle tests receive: bootstrap servers, restart on
 * the same data), {@link io.tideway.server.testing.KafkaClients} (kafka-clients 4.4.0 producers,
 * group-less consumers and admin clients with short timeouts) and {@link
 * io.tideway.server.testing.ExternalProcess} (bounded runs of kcat, Python and older-client JVMs).
 *
 * <p>Threading: everything here is driven from the JUnit test thread; a broker belongs to one test
 * class and is stopped, and its directory deleted, after that class.
 */
package io.tideway.server.testing;
