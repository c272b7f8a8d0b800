/**
 * The composition root: {@link io.tideway.server.Main} (the {@code tideway} CLI), Kafka-style
 * configuration ({@link io.tideway.server.BrokerConfigDef} declares every key once, {@link
 * io.tideway.server.BrokerConfig} validates and types them, with {@code TIDEWAY_*} environment
 * overrides), the data-directory lock and {@link io.tideway.server.TidewayServer}, which wires
 * Vert.x and the Kafka listeners. The runnable distribution ({@code target/dist}) is built from
 * this module.
 *
 * <p>Threading: everything here runs on the main thread or the shutdown-hook thread and blocks
 * while Vert.x starts or stops; nothing in this package runs on an event loop. Configuration
 * objects are immutable; {@code TidewayServer} and {@code DataDirLock} are closed once,
 * idempotently.
 */
package io.tideway.server;
