package io.tideway.metadata.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LittleEndianAddTest {

    @Test
    void absentValueCountsAsZero() {
        assertThat(LittleEndianAdd.decode(LittleEndianAdd.add(null, LittleEndianAdd.encode(42)))).isEqualTo(42);
    }

    @Test
    void carriesAcrossBytesAndWrapsAround() {
        byte[] sum = LittleEndianAdd.add(LittleEndianAdd.encode(255), LittleEndianAdd.encode(1));
        assertThat(sum).containsExactly(0, 1, 0, 0, 0, 0, 0, 0);
        assertThat(LittleEndianAdd.decode(LittleEndianAdd.add(LittleEndianAdd.encode(Long.MAX_VALUE), LittleEndianAdd.encode(1))))
                .isEqualTo(Long.MIN_VALUE);
        assertThat(LittleEndianAdd.decode(LittleEndianAdd.add(LittleEndianAdd.encode(5), LittleEndianAdd.encode(-7)))).isEqualTo(-2);
    }

    @Test
    void shorterValuesAreZeroExtendedAndLongerOnesTruncated() {
        assertThat(LittleEndianAdd.add(new byte[] {1}, LittleEndianAdd.encode(1))).containsExactly(2, 0, 0, 0, 0, 0, 0, 0);
        byte[] longer = {1, 0, 0, 0, 0, 0, 0, 0, 9, 9};
        assertThat(LittleEndianAdd.add(longer, LittleEndianAdd.encode(1))).containsExactly(2, 0, 0, 0, 0, 0, 0, 0);
    }
}
