/**
 * Integration tests of consumer groups against a real in-process broker with kafka-clients 4.4.0:
 * membership and rebalances, committed offsets, group administration and restarts. Each test uses
 * its own topics and group ids; consumers are polled from the test thread only (kafka-clients
 * consumers are single-threaded).
 */
package io.tideway.server.groups;
