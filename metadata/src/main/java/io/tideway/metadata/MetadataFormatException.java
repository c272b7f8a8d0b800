package io.tideway.metadata;

/**
 * A stored value cannot be decoded: it was written in a format version newer than this build
 * understands, or it is not a valid record of the expected kind.
 *
 * <p>The data is left untouched; upgrading Tideway (or repairing the value) fixes it.
 * Immutable and thread-safe.
 */
public class MetadataFormatException extends MetadataException {

    /** @param message which record, which version was found and which versions are readable */
    public MetadataFormatException(String message) {
        super(message);
    }

    /**
     * @param message which record could not be decoded
     * @param cause the decoding failure
     */
    public MetadataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
