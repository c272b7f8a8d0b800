/**
 * The composition root: {@link io.tideway.server.Main} (the {@code tideway} CLI), Kafka-style
 * configuration ({@link io.tideway.server.BrokerConfigDef} declares every key once, {@link
 * io.tideway.server.BrokerConfig} validates and types them, with {@code TIDEWAY_*} environment
 * overrides), the data-directory lock and {@link io.tideway.server.TidewayServer}, which opens the
 * metadata store, starts Vert.x and the broker engine, registers the Kafka API handlers and binds
 * the listeners. Package-private helpers translate the configuration for the layers below: the
 * engine's settings and topic defaults, the metadata store's settings, the static entries
 * DescribeConfigs reports, and the advertised endpoint. The runnable distribution ({@code
 * target/dist}) is built from this module.
 *
 * <p>Threading: everything here runs on the main thread or the shutdown-hook thread and blocks
 * while the components start or stop; the only other thread is the short-lived {@code
 * tideway-metadata-open}, which opens the metadata store while Vert.x starts. Nothing in this
 * package runs on an event loop. Configuration objects are immutable; {@code TidewayServer} and
 * {@code DataDirLock} are closed once, idempotently; the advertised endpoint is published once,
 * through a volatile field, before the first request can arrive.
 */
package io.tideway.server;
