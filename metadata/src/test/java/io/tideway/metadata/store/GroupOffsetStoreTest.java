package io.tideway.metadata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class GroupOffsetStoreTest extends EmbeddedStoreFixture {

    private static final CommittedOffset AT_5 = new CommittedOffset(5, 3, "meta", 1_700_000_000_000L);
    private static final CommittedOffset AT_9 = new CommittedOffset(9, -1, null, 1_700_000_000_001L);

    @Test
    void commitsAndFetchesAWholeGroup() throws Exception {
        GroupOffsetStore offsets = new GroupOffsetStore(store, layout);
        result(offsets.commit("g1", Map.of(new PartitionName("b", 10), AT_9, new PartitionName("b", 2), AT_5,
                new PartitionName("a", 0), AT_5)));
        result(offsets.commit("g2", Map.of(new PartitionName("a", 0), AT_9)));
        Map<PartitionName, CommittedOffset> g1 = result(offsets.fetch("g1"));
        assertThat(g1.keySet()).containsExactly(new PartitionName("a", 0), new PartitionName("b", 2), new PartitionName("b", 10));
        assertThat(g1.get(new PartitionName("b", 10))).isEqualTo(AT_9);
        assertThat(result(offsets.fetch("g2"))).containsExactly(Map.entry(new PartitionName("a", 0), AT_9));
        reopen();
        assertThat(result(new GroupOffsetStore(store, layout).fetch("g1"))).isEqualTo(g1);
    }

    @Test
    void fetchesSomePartitionsAndSkipsUncommittedOnes() throws Exception {
        GroupOffsetStore offsets = new GroupOffsetStore(store, layout);
        result(offsets.commit("g", Map.of(new PartitionName("t", 0), AT_5, new PartitionName("t", 1), AT_9)));
        Map<PartitionName, CommittedOffset> some = result(offsets.fetch("g",
                List.of(new PartitionName("t", 1), new PartitionName("t", 7))));
        assertThat(some).containsExactly(Map.entry(new PartitionName("t", 1), AT_9));
    }

    @Test
    void laterCommitsReplaceEarlierOnes() throws Exception {
        GroupOffsetStore offsets = new GroupOffsetStore(store, layout);
        result(offsets.commit("g", Map.of(new PartitionName("t", 0), AT_5)));
        result(offsets.commit("g", Map.of(new PartitionName("t", 0), AT_9)));
        assertThat(result(offsets.fetch("g"))).containsExactly(Map.entry(new PartitionName("t", 0), AT_9));
    }

    @Test
    void deletesPartitionsOrTheWholeGroup() throws Exception {
        GroupOffsetStore offsets = new GroupOffsetStore(store, layout);
        Map<PartitionName, CommittedOffset> all = new TreeMap<>(java.util.Comparator.comparing(PartitionName::toString));
        for (int p = 0; p < 4; p++) {
            all.put(new PartitionName("t", p), AT_5);
        }
        result(offsets.commit("g", all));
        result(offsets.commit("other", Map.of(new PartitionName("t", 0), AT_5)));
        result(offsets.delete("g", List.of(new PartitionName("t", 1), new PartitionName("t", 2))));
        assertThat(result(offsets.fetch("g")).keySet()).containsExactly(new PartitionName("t", 0), new PartitionName("t", 3));
        result(offsets.deleteGroup("g"));
        assertThat(result(offsets.fetch("g"))).isEmpty();
        assertThat(result(offsets.fetch("other"))).hasSize(1);
    }

    @Test
    void listsTheIdsOfGroupsWithOffsets() throws Exception {
        GroupOffsetStore offsets = new GroupOffsetStore(store, layout);
        assertThat(result(offsets.groupIds())).isEmpty();
        for (String group : List.of("b", "a", "a.b", "c")) {
            result(offsets.commit(group, Map.of(new PartitionName("t", 0), AT_5, new PartitionName("u", 1), AT_9)));
        }
        result(offsets.deleteGroup("c"));
        assertThat(result(offsets.groupIds())).containsExactly("a", "a.b", "b");
    }

    @Test
    void invalidInputIsRejected() {
        GroupOffsetStore offsets = new GroupOffsetStore(store, layout);
        assertThatThrownBy(() -> offsets.fetch("")).hasMessageContaining("Group id");
        assertThatThrownBy(() -> new CommittedOffset(-1, 0, null, 0)).hasMessageContaining("negative");
        assertThatThrownBy(() -> new CommittedOffset(0, -2, null, 0)).hasMessageContaining("Leader epoch");
    }
}
