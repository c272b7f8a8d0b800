/**
 * Tideway's metadata API: an async, transactional, ordered key-value store modelled on
 * FoundationDB ({@link io.tideway.metadata.MetadataStore}, {@link io.tideway.metadata.Transaction}),
 * the cluster's key layout ({@link io.tideway.metadata.KeyLayout}), configuration and the
 * factory choosing a backend ({@link io.tideway.metadata.MetadataStores}): embedded RocksDB by
 * default, or FoundationDB.
 *
 * <p><b>Threads</b>: stores are thread-safe and never block their callers (except
 * {@code open} and {@code close}, which must not run on an event loop). Transaction bodies run and
 * futures complete on the backend's own threads: the embedded store's bounded
 * {@code tideway-metadata-N} pool, or FoundationDB's network/executor threads. Callers on a
 * Vert.x event loop must hop back to their own context before touching context-owned state.
 * Configuration, keys and values here are immutable.
 */
package io.tideway.metadata;
