package io.tideway.metadata;

import com.apple.foundationdb.tuple.ByteArrayUtil;
import java.util.Arrays;
import java.util.Objects;

/**
 * One key and its value, as returned by a range read.
 *
 * <p>The arrays are handed over without copying: the store never touches them again, and
 * callers must not mutate them if they share the record. Equality compares contents (unlike a
 * plain record over arrays). Immutable by convention, safe to pass between threads.
 *
 * @param key the key, never null
 * @param value the value, never null (absent keys are not returned)
 */
public record KeyValue(byte[] key, byte[] value) {

    /** Checks that neither part is null. */
    public KeyValue {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyValue other && Arrays.equals(key, other.key) && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(key) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "KeyValue[" + ByteArrayUtil.printable(key) + " = " + ByteArrayUtil.printable(value) + "]";
    }
}
