/**
 * Shared internals of the metadata module: key and value limits, FoundationDB's atomic-add and
 * versionstamp formats, the value format versioning of typed records, and the retry policy.
 *
 * <p>Everything here is stateless or immutable, hence thread-safe, and never blocks. Not part
 * of the module's API: other modules use {@code io.tideway.metadata} and
 * {@code io.tideway.metadata.store} only.
 */
package io.tideway.metadata.internal;
