/**
 * The FoundationDB metadata backend (fdb-java 7.4, API version 740). The native client
 * {@code libfdb_c} is loaded only when this backend is opened; a missing library is reported as a
 * clear {@code MetadataUnavailableException}.
 *
 * <p><b>Threads and ownership</b>: fdb-java owns its process-wide network thread and executor;
 * bodies run and futures complete there. The classes here are thread-safe, hold no locks, and
 * never block: waiting is done through FoundationDB's futures.
 */
package io.tideway.metadata.internal.fdb;
