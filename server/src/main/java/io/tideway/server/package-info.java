/**
 * The composition root: {@code Main}, Kafka-style configuration with {@code TIDEWAY_*} environment
 * overrides, verticle deployment, health checks, metrics export and the {@code tideway} CLI.
 *
 * <p>Not built yet: the runnable broker arrives with the gateway issue.
 */
package io.tideway.server;
