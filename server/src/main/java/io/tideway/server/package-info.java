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
 * <p>Logging is configured in code ({@link io.tideway.server.LogConfigurator}, found by logback
 * through {@code META-INF/services}) unless {@code -Dlogback.configurationFile} names a file.
 *
 * <p>Threading: everything here runs on the main thread or the shutdown-hook thread and blocks
 * while the components start or stop; the only other threads are two short-lived ones: {@code
 * tideway-metadata-open}, which opens the metadata store while Vert.x starts, and {@code
 * tideway-warmup} ({@link io.tideway.server.StartupWarmup}), which initialises Kafka's costliest
 * protocol classes while the broker starts. Nothing in this
 * package runs on an event loop. Configuration objects are immutable; {@code TidewayServer} and
 * {@code DataDirLock} are closed once, idempotently; the advertised endpoint is published once,
 * through a volatile field, before the first request can arrive.
 */
package io.tideway.server;
