package io.tideway.metadata.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.apple.foundationdb.tuple.Tuple;
import io.tideway.metadata.MetadataFormatException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class VersionedValueTest {

    @Test
    void roundTripsFieldsIncludingNulls() {
        UUID id = UUID.randomUUID();
        VersionedValue.Decoded decoded = VersionedValue.decode(VersionedValue.encode(1, "host", 9092, null, id),
                "broker", 1, 4);
        assertThat(decoded.version()).isEqualTo(1);
        assertThat(decoded.fields().getString(0)).isEqualTo("host");
        assertThat(decoded.fields().getLong(1)).isEqualTo(9092);
        assertThat(decoded.fields().getString(2)).isNull();
        assertThat(decoded.fields().getUUID(3)).isEqualTo(id);
    }

    @Test
    void olderVersionsStayReadable() {
        assertThat(VersionedValue.decode(VersionedValue.encode(1, "a"), "topic", 3, 1).version()).isEqualTo(1);
    }

    @Test
    void newerVersionsAreRejectedClearly() {
        assertThatThrownBy(() -> VersionedValue.decode(VersionedValue.encode(2, "a"), "topic", 1, 1))
                .isInstanceOf(MetadataFormatException.class)
                .hasMessageContaining("topic record has format version 2")
                .hasMessageContaining("reads versions 1 to 1");
    }

    @Test
    void malformedValuesAreRejectedClearly() {
        assertThatThrownBy(() -> VersionedValue.decode(new byte[] {(byte) 0xFE}, "segment", 1, 1))
                .isInstanceOf(MetadataFormatException.class).hasMessageContaining("segment");
        assertThatThrownBy(() -> VersionedValue.decode(Tuple.from("no version").pack(), "segment", 1, 0))
                .isInstanceOf(MetadataFormatException.class).hasMessageContaining("no format version");
        assertThatThrownBy(() -> VersionedValue.decode(VersionedValue.encode(1), "segment", 1, 2))
                .isInstanceOf(MetadataFormatException.class).hasMessageContaining("expected at least 2");
    }
}
