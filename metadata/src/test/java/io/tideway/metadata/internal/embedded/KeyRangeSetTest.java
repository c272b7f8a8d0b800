package io.tideway.metadata.internal.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyRangeSetTest {

    private static byte[] k(int... bytes) {
        byte[] key = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            key[i] = (byte) bytes[i];
        }
        return key;
    }

    @Test
    void mergesOverlappingAndTouchingRanges() {
        KeyRangeSet set = new KeyRangeSet();
        set.add(k(1), k(3));
        set.add(k(5), k(7));
        set.add(k(3), k(5));
        assertThat(set.size()).isEqualTo(1);
        assertThat(set.rangeContaining(k(4))).isDeepEqualTo(new byte[][] {k(1), k(7)});
        set.add(k(0), k(0x90));
        assertThat(set.size()).isEqualTo(1);
        assertThat(set.rangeContaining(k(0x80))).isDeepEqualTo(new byte[][] {k(0), k(0x90)});
    }

    @Test
    void endsAreExclusiveAndOrderIsUnsigned() {
        KeyRangeSet set = new KeyRangeSet();
        set.add(k(0x7F), k(0x80));
        assertThat(set.contains(k(0x7F))).isTrue();
        assertThat(set.contains(k(0x7F, 0xFF))).isTrue();
        assertThat(set.contains(k(0x80))).isFalse();
        assertThat(set.contains(k(0x7E, 0xFF))).isFalse();
    }

    @Test
    void pointKeysAreSingleKeyRanges() {
        KeyRangeSet set = new KeyRangeSet();
        set.addKey(k(5));
        assertThat(set.contains(k(5))).isTrue();
        assertThat(set.contains(k(5, 0))).isFalse();
        assertThat(set.intersects(k(4), k(5))).isFalse();
        assertThat(set.intersects(k(4), k(5, 0))).isTrue();
    }

    @Test
    void intersectionOfSets() {
        KeyRangeSet reads = new KeyRangeSet();
        reads.add(k(10), k(20));
        reads.addKey(k(30));
        KeyRangeSet writes = new KeyRangeSet();
        writes.addKey(k(20));
        writes.add(k(21), k(30));
        assertThat(reads.intersects(writes)).isFalse();
        writes.addKey(k(15));
        assertThat(reads.intersects(writes)).isTrue();
        assertThat(writes.intersects(reads)).isTrue();
        assertThat(new KeyRangeSet().intersects(reads)).isFalse();
    }

    @Test
    void emptyAndInvertedRangesAreIgnored() {
        KeyRangeSet set = new KeyRangeSet();
        set.add(k(5), k(5));
        set.add(k(6), k(4));
        assertThat(set.isEmpty()).isTrue();
    }
}
