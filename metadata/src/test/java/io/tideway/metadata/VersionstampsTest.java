package io.tideway.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionstampsTest {

    @Test
    void appendsTheLittleEndianOffsetOfThePlaceholder() {
        Subspace subspace = new Subspace(Tuple.from("log"));
        byte[] template = Versionstamps.packWithVersionstamp(subspace, Tuple.from("p", Versionstamp.incomplete(5)));
        // prefix \x02log\x00, \x02p\x00, then the versionstamp code 0x33 and its 12 bytes.
        int expectedOffset = subspace.getKey().length + 3 + 1;
        int offset = ByteBuffer.wrap(template, template.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        assertThat(offset).isEqualTo(expectedOffset);
        assertThat(template[offset - 1]).isEqualTo((byte) 0x33);
        byte[] stamp = {0, 0, 0, 0, 0, 0, 0, 9, 0, 1};
        byte[] completed = Arrays.copyOf(template, template.length - 4);
        System.arraycopy(stamp, 0, completed, offset, 10);
        assertThat(subspace.unpack(completed).getItems()).containsExactly("p", Versionstamp.complete(stamp, 5));
    }

    @Test
    void findsThePlaceholderInsideNestedTuples() {
        byte[] template = Versionstamps.packWithVersionstamp(Tuple.from(1L, Tuple.from("x", Versionstamp.incomplete()),
                List.of("y")));
        int offset = ByteBuffer.wrap(template, template.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        assertThat(template[offset - 1]).isEqualTo((byte) 0x33);
    }

    @Test
    void rejectsTuplesWithoutExactlyOneIncompleteVersionstamp() {
        assertThatThrownBy(() -> Versionstamps.packWithVersionstamp(Tuple.from("none")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("found 0");
        assertThatThrownBy(() -> Versionstamps.packWithVersionstamp(Tuple.from(Versionstamp.incomplete(), Versionstamp.incomplete(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("found 2");
    }
}
