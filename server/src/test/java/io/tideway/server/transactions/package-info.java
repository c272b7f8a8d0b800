/**
 * Integration tests of Kafka transactions against a real in-process broker with unmodified
 * clients: kafka-clients 4.4.0 (read_committed and read_uncommitted consumers, ListOffsets by
 * isolation level, DescribeTransactions, DescribeProducers; consume-transform-produce with {@code
 * sendOffsetsToTransaction}; fencing; coordinator timeouts; broker restarts) under transaction
 * versions 2 and 1, a Kafka Streams 4.3.1 {@code exactly_once_v2} application and Kafka's
 * transactions tool 4.3.1, the last two in their own JVMs ({@link
 * io.tideway.server.transactions.ChildJvm}, {@link io.tideway.server.testing.ExternalProcess})
 * because they need kafka-clients 4.3.1.
 *
 * <p>Each test uses its own topics and transactional ids ({@code TransactionalClients.unique});
 * clients are driven from the test thread (consumers are single-threaded) and every wait is a
 * bounded Awaitility wait or a client timeout.
 */
package io.tideway.server.transactions;
