/**
 * The Kafka data-path APIs: Produce, Fetch, ListOffsets, InitProducerId, DeleteRecords and
 * OffsetForLeaderEpoch, one {@link io.tideway.gateway.ApiHandler} per API key, served over the
 * broker engine's public API ({@link io.tideway.broker.Broker}, {@link
 * io.tideway.broker.Partition}).
 *
 * <p>Public surface: {@link io.tideway.gateway.handlers.data.DataHandlers#create}, which builds
 * every handler for one node, and {@link io.tideway.gateway.handlers.data.DataHandlerOptions}.
 * The handler classes are public so that their Javadoc documents each API's semantics (Fetch is
 * built only through the factory, which owns the shared session cache), and so is {@link
 * io.tideway.gateway.handlers.data.PartitionResolver}, which the transaction handlers share;
 * the rest is package-private.
 *
 * <p>Semantics follow Apache Kafka 4.4.0 as a single broker that leads every partition and has no
 * authorizer or tiered storage yet: the same per-partition error codes, in the same order, and
 * one bad partition never fails the whole request. Each handler's Javadoc lists its errors and
 * where Tideway lacks a Kafka feature.
 *
 * <p>Transactions reach this package in four places: InitProducerId with a transactional id
 * goes to the engine's transaction coordinator; Produce checks transactional batches with it
 * before appending ({@link io.tideway.gateway.handlers.data.TransactionVerifier}, KIP-890);
 * Fetch and ListOffsets pass the request's isolation level to the partition, which answers
 * {@code READ_COMMITTED} readers up to the last stable offset with the aborted transactions.
 * The other transaction APIs are in {@code io.tideway.gateway.handlers.txn}.
 *
 * <p><b>Threading and ownership.</b>
 *
 * <ul>
 *   <li>{@code handle} runs on the requesting connection's event loop and never blocks it. It
 *       reads the engine's non-blocking snapshots (catalogue, partition offsets) and chains the
 *       engine's futures, which complete on partition contexts or store threads.
 *   <li>ListOffsets, InitProducerId, DeleteRecords and OffsetForLeaderEpoch are stateless, and so is
 *       Produce but for the append order of transactional requests:
 *       each request builds its own response objects, and per-partition results are assembled only
 *       after every engine future has completed ({@code Future.join}), which orders them before
 *       the assembly. A transactional Produce hops back to the connection's event loop after the
 *       coordinator's verification before it touches its per-request state again, and starts its
 *       appends only after the same producer's previous transactional Produce started its own
 *       ({@code ProducerAppendOrder}), so pipelined batches keep their sequence order;
 *       verification retries run on Vert.x timers.
 *   <li>Fetch keeps per-request state (its reads, its long-poll) confined to the connection's
 *       event loop: every engine completion, high watermark listener and timer hops back there
 *       first. Listener registrations and the timer are released when the fetch completes.
 *   <li>The fetch session cache is the only state shared across requests and event loops. It is
 *       thread-safe: the cache's monitor guards the session map and eviction order, each session's
 *       monitor guards its partitions and epoch; critical sections are short and do no I/O; the
 *       cache lock is always taken before a session lock.
 *   <li>Blocking work is limited to copying fetched records for TLS connections, done on the
 *       bounded {@code tideway-fetch-copy} worker pool. Zero-copy replies hold no resources: the
 *       segment file channels belong to the log and stay open at least {@code
 *       file.delete.delay.ms} after a segment is deleted.
 * </ul>
 */
package io.tideway.gateway.handlers.data;
