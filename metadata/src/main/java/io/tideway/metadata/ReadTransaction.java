package io.tideway.metadata;

import com.apple.foundationdb.Range;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The read side of a metadata transaction: point and range reads over one consistent snapshot.
 *
 * <p><b>Semantics</b> (FoundationDB's): every read sees the database as of the transaction's
 * start plus the transaction's own earlier writes. Keys are ordered bytewise, unsigned. Inside
 * {@link MetadataStore#run} every read also registers a read conflict, so the commit fails (and the
 * body is retried) if another transaction changed what was read.
 *
 * <p><b>Threads</b>: thread-safe; may be called from any thread while the transaction body's
 * stage has not completed, never afterwards ({@link IllegalStateException}). Returned futures
 * complete on the backend's threads (embedded: {@code tideway-metadata-N}; FoundationDB: its
 * network/executor threads). A caller on a Vert.x event loop must hop back to its own context
 * (for example {@code context.runOnContext}) before touching context-owned state. The body's
 * returned stage must depend on every read it issues.
 */
public interface ReadTransaction {

    /**
     * Reads one key.
     *
     * @param key the key, at most 10,000 bytes
     * @return the value, or {@code null} when the key is absent
     */
    CompletableFuture<byte[]> get(byte[] key);

    /**
     * Reads the keys in {@code [begin, end)} in unsigned bytewise order.
     *
     * @param begin first key of the range (inclusive)
     * @param end end of the range (exclusive); an empty or inverted range reads nothing
     * @param limit the most pairs to return, 0 for no limit
     * @param reverse {@code true} to return the pairs from the end of the range backwards
     * @return the pairs found, never null
     */
    CompletableFuture<List<KeyValue>> getRange(byte[] begin, byte[] end, int limit, boolean reverse);

    /**
     * Reads a range such as the one returned by {@code Subspace.range()}.
     *
     * @param range the keys to read
     * @param limit the most pairs to return, 0 for no limit
     * @param reverse {@code true} to read backwards
     * @return the pairs found, never null
     */
    default CompletableFuture<List<KeyValue>> getRange(Range range, int limit, boolean reverse) {
        return getRange(range.begin, range.end, limit, reverse);
    }

    /**
     * Reads a whole range forwards.
     *
     * @param range the keys to read
     * @return every pair in the range, in key order
     */
    default CompletableFuture<List<KeyValue>> getRange(Range range) {
        return getRange(range.begin, range.end, 0, false);
    }
}
