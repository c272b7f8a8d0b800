package io.tideway.metadata.internal;

import java.util.Objects;

/**
 * FoundationDB's key and value limits, enforced by both backends so that data written through
 * the embedded store can always move to FoundationDB. Stateless and thread-safe.
 */
public final class KeyLimits {

    /** Largest key, in bytes (FoundationDB's limit). */
    public static final int MAX_KEY_BYTES = 10_000;
    /** Largest value, in bytes (FoundationDB's limit). */
    public static final int MAX_VALUE_BYTES = 100_000;

    private KeyLimits() {
    }

    /**
     * Checks a key to read.
     *
     * @param key the key
     * @throws IllegalArgumentException when it is too long
     */
    public static void checkKey(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("Key of " + key.length + " bytes exceeds the limit of "
                    + MAX_KEY_BYTES + " bytes");
        }
    }

    /**
     * Checks a key to write: also rejects FoundationDB's reserved system key space.
     *
     * @param key the key
     * @throws IllegalArgumentException when it is too long or starts with {@code 0xFF}
     */
    public static void checkWritableKey(byte[] key) {
        checkKey(key);
        if (key.length > 0 && key[0] == (byte) 0xFF) {
            throw new IllegalArgumentException("Keys starting with 0xFF are reserved (FoundationDB system key space)");
        }
    }

    /**
     * Checks a value to write.
     *
     * @param value the value
     * @throws IllegalArgumentException when it is too long
     */
    public static void checkValue(byte[] value) {
        Objects.requireNonNull(value, "value");
        if (value.length > MAX_VALUE_BYTES) {
            throw new IllegalArgumentException("Value of " + value.length + " bytes exceeds the limit of "
                    + MAX_VALUE_BYTES + " bytes");
        }
    }

    /**
     * Checks the bounds of a range to clear.
     *
     * @param begin first key
     * @param end end key (exclusive)
     * @throws IllegalArgumentException when {@code end} sorts before {@code begin}
     */
    public static void checkClearRange(byte[] begin, byte[] end) {
        Objects.requireNonNull(begin, "begin");
        Objects.requireNonNull(end, "end");
        if (java.util.Arrays.compareUnsigned(begin, end) > 0) {
            throw new IllegalArgumentException("Inverted range: the end key sorts before the begin key");
        }
        if (begin.length > 0 && begin[0] == (byte) 0xFF) {
            throw new IllegalArgumentException("Keys starting with 0xFF are reserved (FoundationDB system key space)");
        }
    }
}
