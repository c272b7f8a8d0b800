package io.tideway.metadata.internal;

/**
 * FoundationDB's {@code ADD} atomic operation on little-endian integers: the existing value is
 * zero-extended or truncated to the parameter's length, then added with carry, overflow
 * discarded. Stateless and thread-safe.
 */
public final class LittleEndianAdd {

    private LittleEndianAdd() {
    }

    /**
     * Encodes a long as 8 little-endian bytes (the parameter of {@code atomicAdd}).
     *
     * @param value the value
     * @return 8 bytes, least significant first
     */
    public static byte[] encode(long value) {
        byte[] bytes = new byte[Long.BYTES];
        for (int i = 0; i < Long.BYTES; i++) {
            bytes[i] = (byte) (value >>> (8 * i));
        }
        return bytes;
    }

    /**
     * Decodes up to 8 little-endian bytes as a long (absent or shorter values are zero-extended).
     *
     * @param bytes the value, may be null
     * @return the number
     */
    public static long decode(byte[] bytes) {
        long value = 0;
        if (bytes != null) {
            for (int i = 0; i < Math.min(bytes.length, Long.BYTES); i++) {
                value |= (bytes[i] & 0xFFL) << (8 * i);
            }
        }
        return value;
    }

    /**
     * Adds {@code param} to {@code existing}.
     *
     * @param existing the stored value, or null when absent
     * @param param the addend
     * @return a new array as long as {@code param}
     */
    public static byte[] add(byte[] existing, byte[] param) {
        byte[] sum = new byte[param.length];
        int carry = 0;
        for (int i = 0; i < param.length; i++) {
            int base = existing != null && i < existing.length ? existing[i] & 0xFF : 0;
            int digit = base + (param[i] & 0xFF) + carry;
            sum[i] = (byte) digit;
            carry = digit >>> 8;
        }
        return sum;
    }
}
