package io.tideway.metadata.internal.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tideway.metadata.internal.LittleEndianAdd;
import io.tideway.metadata.internal.embedded.WriteBuffer.Add;
import io.tideway.metadata.internal.embedded.WriteBuffer.Value;
import org.junit.jupiter.api.Test;

class WriteBufferTest {

    private static byte[] k(int key) {
        return new byte[] {(byte) key};
    }

    @Test
    void laterWritesWinAndRangeClearsDropEarlierPointWrites() {
        WriteBuffer buffer = new WriteBuffer();
        buffer.set(k(1), k(10));
        buffer.set(k(2), k(20));
        buffer.clearRange(k(1), k(3));
        assertThat(buffer.lookup(k(1))).isSameAs(WriteBuffer.CLEARED);
        buffer.set(k(2), k(21));
        assertThat(WriteBuffer.resolve(buffer.lookup(k(2)), k(99))).containsExactly(21);
        assertThat(buffer.points()).containsOnlyKeys(k(2));
        assertThat(buffer.lookup(k(3))).isNull();
    }

    @Test
    void addsFoldIntoKnownValuesAndStayPendingOtherwise() {
        WriteBuffer buffer = new WriteBuffer();
        buffer.atomicAdd(k(1), LittleEndianAdd.encode(2));
        buffer.atomicAdd(k(1), LittleEndianAdd.encode(3));
        assertThat(buffer.lookup(k(1))).isInstanceOf(Add.class);
        assertThat(LittleEndianAdd.decode(WriteBuffer.resolve(buffer.lookup(k(1)), LittleEndianAdd.encode(10)))).isEqualTo(15);
        buffer.clearRange(k(5), k(9));
        buffer.atomicAdd(k(6), LittleEndianAdd.encode(4));
        assertThat(buffer.lookup(k(6))).isInstanceOf(Value.class);
        assertThat(LittleEndianAdd.decode(WriteBuffer.resolve(buffer.lookup(k(6)), LittleEndianAdd.encode(100)))).isEqualTo(4);
    }

    @Test
    void versionstampedValuesCannotBeReadBack() {
        WriteBuffer buffer = new WriteBuffer();
        buffer.setVersionstampedValue(k(1), new byte[14]);
        assertThatThrownBy(() -> WriteBuffer.resolve(buffer.lookup(k(1)), null)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> buffer.atomicAdd(k(1), LittleEndianAdd.encode(1))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void emptyUntilSomethingIsWritten() {
        WriteBuffer buffer = new WriteBuffer();
        assertThat(buffer.isEmpty()).isTrue();
        buffer.clearRange(k(3), k(3));
        assertThat(buffer.isEmpty()).isTrue();
        buffer.setVersionstampedKey(new byte[14], k(1));
        assertThat(buffer.isEmpty()).isFalse();
    }
}
