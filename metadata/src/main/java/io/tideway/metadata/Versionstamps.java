package io.tideway.metadata;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Packs tuples holding an incomplete {@link Versionstamp} into the templates that
 * {@link Transaction#setVersionstampedKey} and {@link Transaction#setVersionstampedValue} take.
 *
 * <p>Why not {@code Tuple.packWithVersionstamp}: fdb-java asks the native client library which
 * API version is selected before choosing the offset format, so it fails where {@code libfdb_c}
 * is not installed, which is exactly where the embedded backend runs. This class always produces
 * the format of API version 520 and later (the one selected by the FoundationDB backend): the
 * packed bytes followed by the placeholder's offset as a 4-byte little-endian integer.
 * Stateless and thread-safe.
 */
public final class Versionstamps {

    /** Length of a transaction versionstamp: 8-byte commit version and 2-byte batch order. */
    public static final int TRANSACTION_VERSION_LENGTH = 10;

    private static final byte[] PLACEHOLDER_A = new byte[TRANSACTION_VERSION_LENGTH];
    private static final byte[] PLACEHOLDER_B = filled((byte) 1);

    private Versionstamps() {
    }

    /**
     * Packs a tuple with exactly one incomplete versionstamp.
     *
     * @param tuple the tuple
     * @return the template: packed bytes plus a 4-byte little-endian offset suffix
     * @throws IllegalArgumentException unless the tuple holds exactly one incomplete versionstamp
     */
    public static byte[] packWithVersionstamp(Tuple tuple) {
        return packWithVersionstamp(new byte[0], tuple);
    }

    /**
     * Packs a tuple with exactly one incomplete versionstamp under a subspace's prefix.
     *
     * @param subspace the prefix
     * @param tuple the tuple
     * @return the template: prefix, packed bytes, 4-byte little-endian offset suffix
     */
    public static byte[] packWithVersionstamp(Subspace subspace, Tuple tuple) {
        return packWithVersionstamp(subspace.getKey(), tuple);
    }

    /**
     * Builds the completed value of a versionstamp from a transaction's 10-byte versionstamp.
     *
     * @param transactionVersion the bytes of {@link Transaction#versionstamp()}
     * @param userVersion the tuple's user version (0 to 65535)
     * @return the complete versionstamp as stored in committed keys and values
     */
    public static Versionstamp complete(byte[] transactionVersion, int userVersion) {
        return Versionstamp.complete(transactionVersion, userVersion);
    }

    private static byte[] packWithVersionstamp(byte[] prefix, Tuple tuple) {
        int[] found = new int[1];
        Tuple withA = substitute(tuple, PLACEHOLDER_A, found);
        if (found[0] != 1) {
            throw new IllegalArgumentException("A versionstamped tuple needs exactly one incomplete versionstamp, found "
                    + found[0] + " in " + tuple);
        }
        byte[] packedA = withA.pack(prefix);
        byte[] packedB = substitute(tuple, PLACEHOLDER_B, new int[1]).pack(prefix);
        // Versionstamps are encoded verbatim at a fixed width, so the two encodings differ exactly
        // at the placeholder's first byte.
        int offset = Arrays.mismatch(packedA, packedB);
        return ByteBuffer.allocate(packedA.length + Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN)
                .put(packedA).putInt(offset).array();
    }

    private static Tuple substitute(Tuple tuple, byte[] placeholder, int[] found) {
        List<Object> items = new ArrayList<>(tuple.size());
        for (Object item : tuple) {
            items.add(substituteItem(item, placeholder, found));
        }
        return Tuple.fromList(items);
    }

    private static Object substituteItem(Object item, byte[] placeholder, int[] found) {
        if (item instanceof Versionstamp stamp && !stamp.isComplete()) {
            found[0]++;
            return Versionstamp.complete(placeholder, stamp.getUserVersion());
        }
        if (item instanceof Tuple nested) {
            return substitute(nested, placeholder, found);
        }
        if (item instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object element : list) {
                copy.add(substituteItem(element, placeholder, found));
            }
            return copy;
        }
        return item;
    }

    private static byte[] filled(byte value) {
        byte[] bytes = new byte[TRANSACTION_VERSION_LENGTH];
        Arrays.fill(bytes, value);
        return bytes;
    }
}
