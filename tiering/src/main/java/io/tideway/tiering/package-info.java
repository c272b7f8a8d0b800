/**
 * Tiering of sealed segments: the {@code TierStorage} SPI with capability flags and its
 * {@code file}, {@code hdfs} and {@code s3} backends, the upload and expiry verticle (upload first,
 * then the metadata transaction that marks a segment tiered is the commit point), and the remote
 * segment reader with its chunk cache.
 *
 * <p>Not built yet: the module holds only this description.
 */
package io.tideway.tiering;
