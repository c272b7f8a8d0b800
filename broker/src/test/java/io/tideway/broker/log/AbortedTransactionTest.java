package io.tideway.broker.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AbortedTransactionTest {

  @Test
  void encodesKafkasTxnIndexEntry() {
    ByteBuffer buffer = ByteBuffer.allocate(AbortedTransaction.SIZE);
    AbortedTransaction entry = new AbortedTransaction(5, 10, 20, 21);
    entry.writeTo(buffer);
    assertThat(buffer.remaining()).isZero();
    assertThat(HexFormat.of().formatHex(buffer.array())).isEqualTo("0000" + "0000000000000005"
        + "000000000000000a" + "0000000000000014" + "0000000000000015");
    assertThat(AbortedTransaction.readFrom(buffer.flip())).isEqualTo(entry);
  }

  @Test
  void rejectsUnknownVersionsAndInvertedOffsets() {
    ByteBuffer buffer = ByteBuffer.allocate(AbortedTransaction.SIZE).putShort((short) 1)
        .putLong(1).putLong(1).putLong(1).putLong(1).flip();
    assertThatThrownBy(() -> AbortedTransaction.readFrom(buffer))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 1");
    assertThatThrownBy(() -> new AbortedTransaction(1, 9, 8, 9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("first offset 9 after its last offset 8");
  }
}
