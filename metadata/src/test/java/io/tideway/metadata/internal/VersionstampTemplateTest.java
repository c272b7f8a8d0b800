package io.tideway.metadata.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VersionstampTemplateTest {

    @Test
    void stampIsBigEndianVersionThenOrder() {
        assertThat(VersionstampTemplate.stamp(0x0102030405060708L, 0x090A))
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    }

    @Test
    void completesThePlaceholderAndDropsTheSuffix() {
        byte[] template = {'k', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 'z', 1, 0, 0, 0};
        byte[] completed = VersionstampTemplate.complete(template, VersionstampTemplate.stamp(7, 1));
        assertThat(completed).containsExactly('k', 0, 0, 0, 0, 0, 0, 0, 7, 0, 1, 'z');
    }

    @Test
    void rejectsTemplatesWhosePlaceholderDoesNotFit() {
        assertThatThrownBy(() -> VersionstampTemplate.check(new byte[] {1, 2, 3}, "key"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too short");
        byte[] badOffset = {'k', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0};
        assertThatThrownBy(() -> VersionstampTemplate.check(badOffset, "value"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offset 5");
    }
}
