package io.tideway.metadata.internal;

import com.apple.foundationdb.tuple.Tuple;
import io.tideway.metadata.MetadataFormatException;
import java.util.Arrays;

/**
 * The value format of every typed record: a tuple whose first element is the record's format
 * version, followed by its fields. A reader accepts every version up to the newest it knows (so a
 * newer build reads older data) and rejects newer ones with a {@link MetadataFormatException}
 * instead of misreading them. Stateless and thread-safe.
 */
public final class VersionedValue {

    private VersionedValue() {
    }

    /** A decoded value: its format version and its fields (without the version). */
    public record Decoded(int version, Tuple fields) {
    }

    /**
     * @param version the format version of the record
     * @param fields the fields, tuple-encodable (null allowed)
     * @return the encoded value
     */
    public static byte[] encode(int version, Object... fields) {
        Tuple tuple = new Tuple().add(version).addAll(Arrays.asList(fields));
        return tuple.pack();
    }

    /**
     * @param bytes the stored value
     * @param recordType what the record is, for messages (e.g. "topic")
     * @param newestKnown the newest format version this build reads
     * @param minFields the fewest fields any readable version has
     * @return the version and fields
     * @throws MetadataFormatException when the value is malformed or from a newer version
     */
    public static Decoded decode(byte[] bytes, String recordType, int newestKnown, int minFields) {
        Tuple tuple;
        try {
            tuple = Tuple.fromBytes(bytes);
        } catch (RuntimeException e) {
            throw new MetadataFormatException("Stored " + recordType + " record is not a valid tuple: " + e.getMessage(), e);
        }
        if (tuple.isEmpty() || !(tuple.get(0) instanceof Long)) {
            throw new MetadataFormatException("Stored " + recordType + " record has no format version");
        }
        long version = tuple.getLong(0);
        if (version < 1 || version > newestKnown) {
            throw new MetadataFormatException("Stored " + recordType + " record has format version " + version
                    + "; this build reads versions 1 to " + newestKnown + " (was it written by a newer Tideway?)");
        }
        Tuple fields = tuple.popFront();
        if (fields.size() < minFields) {
            throw new MetadataFormatException("Stored " + recordType + " record (format version " + version + ") has "
                    + fields.size() + " fields, expected at least " + minFields);
        }
        return new Decoded((int) version, fields);
    }
}
