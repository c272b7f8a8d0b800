package io.tideway.metadata.internal.fdb;

import com.apple.foundationdb.FDB;
import com.apple.foundationdb.FDBException;
import io.tideway.metadata.MetadataUnavailableException;

/**
 * Loads the FoundationDB client on first use. fdb-java loads {@code libfdb_c} in a static
 * initializer, so merely touching {@link FDB} fails on machines without the client package; that
 * is why this class is reached only when the FoundationDB backend is opened, and why both the
 * first failure ({@link UnsatisfiedLinkError}) and later ones ({@link NoClassDefFoundError}) are
 * turned into one clear {@link MetadataUnavailableException}. Stateless and thread-safe.
 */
public final class FdbLibrary {

    /** The FoundationDB API version this module is written against. */
    public static final int API_VERSION = 740;

    private FdbLibrary() {
    }

    /**
     * Selects API version {@value #API_VERSION} (idempotent within a process).
     *
     * @return the FoundationDB client singleton
     * @throws MetadataUnavailableException when {@code libfdb_c} is missing or too old
     */
    public static FDB load() {
        try {
            return FDB.selectAPIVersion(API_VERSION);
        } catch (LinkageError e) {
            throw new MetadataUnavailableException("FoundationDB client library libfdb_c not found: install "
                    + "foundationdb-clients 7.4 (https://github.com/apple/foundationdb/releases) on this machine, "
                    + "or set metadata.store=embedded. Underlying error: " + describe(e), e);
        } catch (FDBException e) {
            throw new MetadataUnavailableException("FoundationDB client library libfdb_c does not support API version "
                    + API_VERSION + " (install foundationdb-clients 7.4): " + e.getMessage() + " (error " + e.getCode() + ")", e);
        }
    }

    private static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == error ? error.toString() : error + " caused by " + root;
    }
}
