package io.tideway.metadata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SegmentIndexStoreTest extends EmbeddedStoreFixture {

    private SegmentIndexStore segments;
    private PartitionId p0;
    private PartitionId p10;

    @BeforeEach
    void createTopic() throws Exception {
        segments = new SegmentIndexStore(store, layout);
        UUID id = result(new TopicStore(store, layout).create("logs", 11, Map.of())).id();
        p0 = new PartitionId(id, 0);
        p10 = new PartitionId(id, 10);
    }

    @Test
    void listsSegmentsInBaseOffsetOrderPerPartition() throws Exception {
        for (long base : new long[] {1_000_000, 0, 300, 70_000}) {
            result(segments.put(p0, new SegmentRecord(base, base + 100, 4096, 1_700_000_000_000L, SegmentState.SEALED)));
        }
        result(segments.put(p10, new SegmentRecord(5, 5, 0, -1, SegmentState.ACTIVE)));
        assertThat(result(segments.list(p0))).extracting(SegmentRecord::baseOffset).containsExactly(0L, 300L, 70_000L, 1_000_000L);
        assertThat(result(segments.list(p10))).containsExactly(new SegmentRecord(5, 5, 0, -1, SegmentState.ACTIVE));
        assertThat(result(segments.get(p0, 300))).contains(new SegmentRecord(300, 400, 4096, 1_700_000_000_000L, SegmentState.SEALED));
        assertThat(result(segments.get(p0, 301))).isEmpty();
    }

    @Test
    void lifecycleMovesForwardOnly() throws Exception {
        result(segments.put(p0, new SegmentRecord(0, 0, 0, -1, SegmentState.ACTIVE)));
        result(segments.put(p0, new SegmentRecord(0, 50, 2048, 99, SegmentState.SEALED)));
        assertThat(result(segments.updateState(p0, 0, SegmentState.TIERED)).state()).isEqualTo(SegmentState.TIERED);
        assertThat(segments.updateState(p0, 0, SegmentState.SEALED)).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(IllegalStateException.class).withMessageContaining("from TIERED back to SEALED");
        assertThat(segments.updateState(p0, 7, SegmentState.DELETED)).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(NoSuchElementException.class).withMessageContaining("base offset 7");
        assertThat(result(segments.get(p0, 0))).contains(new SegmentRecord(0, 50, 2048, 99, SegmentState.TIERED));
    }

    @Test
    void removeDeletesOneRecord() throws Exception {
        result(segments.put(p0, new SegmentRecord(0, 10, 1, -1, SegmentState.DELETED)));
        result(segments.put(p0, new SegmentRecord(10, 20, 1, -1, SegmentState.SEALED)));
        assertThat(result(segments.remove(p0, 0))).isTrue();
        assertThat(result(segments.remove(p0, 0))).isFalse();
        assertThat(result(segments.list(p0))).extracting(SegmentRecord::baseOffset).containsExactly(10L);
    }

    @Test
    void removeLocalKeepsTieredRecords() throws Exception {
        result(segments.put(p0, new SegmentRecord(0, 10, 1, -1, SegmentState.TIERED)));
        result(segments.put(p0, new SegmentRecord(10, 20, 1, -1, SegmentState.SEALED)));
        assertThat(result(segments.removeLocal(p0, 0))).isFalse();
        assertThat(result(segments.removeLocal(p0, 10))).isTrue();
        assertThat(result(segments.removeLocal(p0, 99))).isFalse();
        assertThat(result(segments.list(p0))).extracting(SegmentRecord::baseOffset).containsExactly(0L);
    }

    @Test
    void reconcileLocalWritesTheLocalSegmentsAndDropsStaleOnesButNotTiered() throws Exception {
        result(segments.put(p0, new SegmentRecord(0, 10, 1, -1, SegmentState.TIERED)));
        result(segments.put(p0, new SegmentRecord(10, 20, 1, -1, SegmentState.ACTIVE)));
        result(segments.put(p0, new SegmentRecord(40, 50, 1, -1, SegmentState.SEALED)));
        int removed = result(segments.reconcileLocal(p0, java.util.List.of(
                new SegmentRecord(0, 10, 1, -1, SegmentState.SEALED),
                new SegmentRecord(10, 30, 2, 5, SegmentState.SEALED),
                new SegmentRecord(30, 30, 0, -1, SegmentState.ACTIVE))));
        assertThat(removed).isEqualTo(1);
        assertThat(result(segments.list(p0))).containsExactly(
                new SegmentRecord(0, 10, 1, -1, SegmentState.TIERED),
                new SegmentRecord(10, 30, 2, 5, SegmentState.SEALED),
                new SegmentRecord(30, 30, 0, -1, SegmentState.ACTIVE));
        PartitionId orphan = new PartitionId(UUID.randomUUID(), 0);
        assertThat(segments.reconcileLocal(orphan, java.util.List.of())).failsWithin(WAIT)
                .withThrowableOfType(ExecutionException.class).havingCause().isInstanceOf(UnknownTopicException.class);
    }

    @Test
    void writesForAMissingTopicAreRefused() throws Exception {
        PartitionId orphan = new PartitionId(UUID.randomUUID(), 0);
        assertThat(segments.put(orphan, new SegmentRecord(0, 0, 0, -1, SegmentState.ACTIVE))).failsWithin(WAIT)
                .withThrowableOfType(ExecutionException.class).havingCause().isInstanceOf(UnknownTopicException.class);
        assertThat(result(segments.list(orphan))).isEmpty();
    }

    @Test
    void invalidRecordsAreRejected() {
        assertThatThrownBy(() -> new SegmentRecord(10, 9, 0, -1, SegmentState.ACTIVE)).hasMessageContaining("end offset 9");
        assertThatThrownBy(() -> new SegmentRecord(-1, 0, 0, -1, SegmentState.ACTIVE)).hasMessageContaining("base offset");
        assertThatThrownBy(() -> new PartitionId(UUID.randomUUID(), -1)).hasMessageContaining("Partition");
    }
}
