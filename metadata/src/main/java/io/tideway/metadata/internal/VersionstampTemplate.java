package io.tideway.metadata.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Parses and completes FoundationDB versionstamp templates (API version 520 and later): the
 * bytes, followed by the offset of a 10-byte placeholder as a 4-byte little-endian integer.
 * Stateless and thread-safe.
 */
public final class VersionstampTemplate {

    /** Length of a transaction versionstamp. */
    public static final int STAMP_LENGTH = 10;
    private static final int OFFSET_LENGTH = Integer.BYTES;

    private VersionstampTemplate() {
    }

    /**
     * Checks a template.
     *
     * @param template the template
     * @param what "key" or "value", for the message
     * @throws IllegalArgumentException when the suffix is missing or the placeholder does not fit
     */
    public static void check(byte[] template, String what) {
        Objects.requireNonNull(template, what);
        offset(template, what);
    }

    /**
     * Replaces the placeholder with {@code stamp} and drops the offset suffix.
     *
     * @param template a checked template
     * @param stamp the 10-byte transaction versionstamp
     * @return the completed bytes
     */
    public static byte[] complete(byte[] template, byte[] stamp) {
        int offset = offset(template, "template");
        byte[] completed = Arrays.copyOf(template, template.length - OFFSET_LENGTH);
        System.arraycopy(stamp, 0, completed, offset, STAMP_LENGTH);
        return completed;
    }

    /**
     * Encodes a commit version as a transaction versionstamp: 8-byte big-endian version and a
     * 2-byte big-endian order within that version.
     *
     * @param commitVersion the commit version
     * @param order the transaction's order within the version
     * @return 10 bytes
     */
    public static byte[] stamp(long commitVersion, int order) {
        return ByteBuffer.allocate(STAMP_LENGTH).putLong(commitVersion).putShort((short) order).array();
    }

    private static int offset(byte[] template, String what) {
        if (template.length < OFFSET_LENGTH + STAMP_LENGTH) {
            throw new IllegalArgumentException("Versionstamped " + what + " of " + template.length
                    + " bytes is too short: it needs a 10-byte placeholder and a 4-byte offset suffix");
        }
        int offset = ByteBuffer.wrap(template, template.length - OFFSET_LENGTH, OFFSET_LENGTH)
                .order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (offset < 0 || offset > template.length - OFFSET_LENGTH - STAMP_LENGTH) {
            throw new IllegalArgumentException("Versionstamped " + what + " has placeholder offset " + offset
                    + " outside its " + (template.length - OFFSET_LENGTH) + " bytes (expected FoundationDB's "
                    + "format: 4-byte little-endian offset suffix, as Versionstamps.packWithVersionstamp produces)");
        }
        return offset;
    }
}
