/**
 * Typed metadata stores on top of {@link io.tideway.metadata.MetadataStore}: cluster id,
 * brokers, topics, segment index, committed group offsets and the pending transactional offsets
 * of ongoing transactions ({@link io.tideway.metadata.store.TransactionalOffsetStore}; a marker
 * moves them into the committed offsets in one transaction), producer-id blocks, transaction
 * coordinator state and dynamic broker configs. Each keeps its
 * keys in {@link io.tideway.metadata.KeyLayout} and encodes its values as versioned tuples
 * ({@code (formatVersion, fields...)}), so later versions read earlier data and reject data
 * from newer versions with {@link io.tideway.metadata.MetadataFormatException}.
 *
 * <p><b>Threads</b>: every store is stateless apart from its two collaborators, thread-safe and
 * non-blocking; each method is one transaction and returns a future that completes on the
 * metadata backend's threads. Callers on a Vert.x event loop hop back to their context before
 * touching context-owned state. Arguments are validated before any I/O and rejected with
 * {@link java.lang.IllegalArgumentException} naming the bad value.
 */
package io.tideway.metadata.store;
