/**
 * Integration tests of consumer groups against a real in-process broker with kafka-clients 4.4.0,
 * both protocols ({@code group.protocol=classic} and KIP-848's {@code consumer}): membership and
 * rebalances, committed offsets, group administration and restarts; kcat's balanced consumer and
 * Kafka's consumer-groups tool (each in its own process); and a measurement of rebalance times
 * ({@code RebalanceTimingIT}, logged). Each test uses
 * its own topics and group ids; consumers are polled from the test thread only (kafka-clients
 * consumers are single-threaded).
 */
package io.tideway.server.groups;
