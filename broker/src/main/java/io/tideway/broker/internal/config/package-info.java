/**
 * Configuration of topics and of the broker as AdminClients see it: the accepted topic keys and
 * their validation ({@link io.tideway.broker.internal.config.TopicConfigKeys}), the dynamic
 * cluster-wide broker keys ({@link io.tideway.broker.internal.config.DynamicBrokerKeys}), the
 * effective configuration of a topic with the source of every value
 * ({@link io.tideway.broker.internal.config.TopicConfigResolver}) and the broker configuration
 * service ({@link io.tideway.broker.internal.config.DynamicBrokerConfigs}).
 *
 * <p>Thread contract: every class here is thread-safe. The resolver publishes the dynamic broker
 * overrides through a volatile immutable map; the service serializes its metadata writes.
 */
package io.tideway.broker.internal.config;
