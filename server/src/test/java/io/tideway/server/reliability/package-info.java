/**
 * Reliability tests of the whole server with unmodified Kafka clients: storage failures (a log
 * directory on a small file system that fills up) as a producer and a consumer see them.
 *
 * <p>Thread contract: test code; each test owns its broker and clients.
 */
package io.tideway.server.reliability;
