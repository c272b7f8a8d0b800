package io.tideway.metadata.internal.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConflictResolverTest {

    private static KeyRangeSet keys(int... keys) {
        KeyRangeSet set = new KeyRangeSet();
        for (int key : keys) {
            set.addKey(new byte[] {(byte) key});
        }
        return set;
    }

    private static KeyRangeSet range(int begin, int end) {
        KeyRangeSet set = new KeyRangeSet();
        set.add(new byte[] {(byte) begin}, new byte[] {(byte) end});
        return set;
    }

    @Test
    void conflictsOnlyWithLaterCommitsThatWroteWhatWasRead() {
        ConflictResolver resolver = new ConflictResolver(100);
        resolver.record(10, keys(1), 0);
        resolver.record(20, keys(2), 0);
        assertThat(resolver.conflicts(5, keys(1))).isTrue();
        assertThat(resolver.conflicts(10, keys(1))).as("commit 10 is visible to snapshot 10").isFalse();
        assertThat(resolver.conflicts(10, keys(2))).isTrue();
        assertThat(resolver.conflicts(10, keys(3))).isFalse();
        assertThat(resolver.conflicts(5, new KeyRangeSet())).as("blind writes never conflict").isFalse();
    }

    @Test
    void detectsPhantomsInsideReadRanges() {
        ConflictResolver resolver = new ConflictResolver(100);
        resolver.record(10, keys(15), 0);
        assertThat(resolver.conflicts(5, range(10, 20))).isTrue();
        assertThat(resolver.conflicts(5, range(16, 20))).isFalse();
        resolver.record(11, range(0, 100), 0);
        assertThat(resolver.conflicts(10, keys(50))).as("cleared ranges are writes").isTrue();
    }

    @Test
    void forgetsHistoryNoOpenSnapshotCanConflictWith() {
        ConflictResolver resolver = new ConflictResolver(100);
        resolver.record(10, keys(1), 0);
        resolver.record(20, keys(2), 15);
        assertThat(resolver.historySize()).isEqualTo(1);
        resolver.record(30, keys(3), Long.MAX_VALUE);
        assertThat(resolver.historySize()).isZero();
    }

    @Test
    void snapshotsOlderThanForgottenHistoryConflict() {
        ConflictResolver resolver = new ConflictResolver(2);
        resolver.record(10, keys(1), 0);
        resolver.record(20, keys(2), 0);
        resolver.record(30, keys(3), 0);
        assertThat(resolver.historySize()).isEqualTo(2);
        assertThat(resolver.conflicts(5, keys(9))).as("too old: commit 10 was forgotten").isTrue();
        assertThat(resolver.conflicts(10, keys(9))).isFalse();
    }
}
