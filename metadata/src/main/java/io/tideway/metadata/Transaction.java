package io.tideway.metadata;

import com.apple.foundationdb.Range;
import java.util.concurrent.CompletableFuture;

/**
 * A read-write metadata transaction, handed to the body of {@link MetadataStore#run}.
 *
 * <p><b>Semantics</b> (FoundationDB's): writes are buffered and become visible to this
 * transaction's later reads at once, and to everyone else atomically when the body's stage
 * completes and the store commits. The commit is serializable: it fails and the body is retried
 * when a key or range this transaction read was written by another transaction that committed
 * after this one started. Writes alone never conflict. Keys are at most 10,000 bytes, values at
 * most 100,000 bytes, and keys starting with {@code 0xFF} are reserved.
 *
 * <p><b>Threads</b>: thread-safe, usable from any thread until the body's stage completes; using
 * it afterwards throws {@link IllegalStateException}. Futures complete on the backend's threads
 * (see {@link ReadTransaction}).
 */
public interface Transaction extends ReadTransaction {

    /**
     * Sets a key's value.
     *
     * @param key the key
     * @param value the new value
     */
    void set(byte[] key, byte[] value);

    /**
     * Removes a key, if present.
     *
     * @param key the key
     */
    void clear(byte[] key);

    /**
     * Removes every key in {@code [begin, end)}, including keys other transactions write before
     * this one commits.
     *
     * @param begin first key (inclusive)
     * @param end end (exclusive), not below {@code begin}
     */
    void clearRange(byte[] begin, byte[] end);

    /**
     * Removes every key in a range such as {@code Subspace.range()}.
     *
     * @param range the keys to remove
     */
    default void clearRange(Range range) {
        clearRange(range.begin, range.end);
    }

    /**
     * Adds {@code delta} to the 8-byte little-endian integer stored at {@code key} (an absent value
     * counts as zero), applied at commit time without a read conflict, so concurrent adds never
     * conflict with each other. FoundationDB's {@code ADD} mutation with an 8-byte parameter.
     *
     * @param key the counter's key
     * @param delta the amount to add (two's complement, so negative values subtract)
     */
    void atomicAdd(byte[] key, long delta);

    /**
     * Writes a key that embeds this transaction's commit versionstamp. {@code keyTemplate} is in
     * FoundationDB's format: the key bytes with a 10-byte placeholder, followed by the placeholder's
     * offset as a 4-byte little-endian integer (what {@code Tuple.packWithVersionstamp} or
     * {@link Versionstamps#packWithVersionstamp} produce).
     *
     * @param keyTemplate the key with placeholder and offset suffix
     * @param value the value
     * @throws IllegalArgumentException when the offset suffix is missing or points outside the key
     */
    void setVersionstampedKey(byte[] keyTemplate, byte[] value);

    /**
     * Writes a value that embeds this transaction's commit versionstamp, in the same format as
     * {@link #setVersionstampedKey} (API version 520 and later: 4-byte offset suffix). Reading the
     * key again in this transaction fails, as in FoundationDB, because the value is not yet known.
     *
     * @param key the key
     * @param valueTemplate the value with placeholder and offset suffix
     */
    void setVersionstampedValue(byte[] key, byte[] valueTemplate);

    /**
     * Watches a key: the future completes after this transaction commits, once the key's value
     * differs from the value this transaction sees now. Setting the same value again does not fire
     * it. It fails if this attempt does not commit, and with {@link MetadataUnavailableException}
     * when the store closes. Cancelling the future releases the watch.
     *
     * @param key the key to watch
     * @return completes when the value changes
     */
    CompletableFuture<Void> watch(byte[] key);

    /**
     * The 10-byte versionstamp this transaction commits at (8-byte big-endian commit version, then
     * a 2-byte big-endian order within the version), the bytes that replace the placeholders of
     * versionstamped keys and values. Call it inside the body; it completes after the commit, and
     * fails if the transaction wrote nothing or did not commit.
     *
     * @return the versionstamp, after commit
     */
    CompletableFuture<byte[]> versionstamp();
}
