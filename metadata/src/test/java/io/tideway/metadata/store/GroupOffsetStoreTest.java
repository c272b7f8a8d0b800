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
    void deletingAGroupDropsItsPendingTransactionalOffsetsSoAMarkerCannotRestoreThem() throws Exception {
        GroupOffsetStore offsets = new GroupOffsetStore(store, layout);
        result(offsets.commit("g", Map.of(new PartitionName("t", 0), AT_5)));
        result(offsets.transactional().stage(1, (short) 0, "g", Map.of(new PartitionName("t", 1), AT_9), 0));
        result(offsets.transactional().stage(1, (short) 0, "other", Map.of(new PartitionName("t", 1), AT_9), 0));
        result(offsets.deleteGroup("g"));
        assertThat(result(offsets.view("g", null)).isEmpty()).isTrue();
        assertThat(result(offsets.transactional().complete(1, (short) 0, true, "g"::equals, 0))).isEmpty();
        assertThat(result(offsets.fetch("g"))).isEmpty();
        assertThat(result(offsets.view("other", null)).pending()).containsExactly(new PartitionName("t", 1));
    }

    @Test
    void deletingPartitionsDropsTheirPendingTransactionalOffsetsOnly() throws Exception {
        GroupOffsetStore offsets = new GroupOffsetStore(store, layout);
        Map<PartitionName, CommittedOffset> staged = Map.of(new PartitionName("t", 0), AT_5, new PartitionName("t", 1), AT_9);
        result(offsets.transactional().stage(1, (short) 0, "g", staged, 0));
        result(offsets.transactional().stage(2, (short) 0, "g", Map.of(new PartitionName("t", 0), AT_9), 0));
        result(offsets.delete("g", List.of(new PartitionName("t", 0))));
        assertThat(result(offsets.view("g", null)).pending()).containsExactly(new PartitionName("t", 1));
        result(offsets.transactional().complete(1, (short) 0, true, "g"::equals, 0));
        result(offsets.transactional().complete(2, (short) 0, true, "g"::equals, 0));
        assertThat(result(offsets.fetch("g"))).containsExactly(Map.entry(new PartitionName("t", 1), AT_9));
    }

    @Test
    void theViewReadsCommittedAndPendingPartitionsAmongThoseRequested() throws Exception {
        GroupOffsetStore offsets = new GroupOffsetStore(store, layout);
        result(offsets.commit("g", Map.of(new PartitionName("t", 0), AT_5, new PartitionName("t", 1), AT_9)));
        result(offsets.transactional().stage(1, (short) 0, "g",
                Map.of(new PartitionName("t", 1), AT_5, new PartitionName("u", 0), AT_5), 0));
        GroupOffsetView some = result(offsets.view("g", List.of(new PartitionName("t", 1), new PartitionName("t", 2))));
        assertThat(some.committed()).containsExactly(Map.entry(new PartitionName("t", 1), AT_9));
        assertThat(some.pending()).containsExactly(new PartitionName("t", 1));
        GroupOffsetView all = result(offsets.view("g", null));
        assertThat(all.committed()).hasSize(2);
        assertThat(all.pending()).containsExactlyInAnyOrder(new PartitionName("t", 1), new PartitionName("u", 0));
    }

    @Test
    void expiryDeletesOldOffsetsButKeepsPartitionsWithPendingTransactionalOffsets() throws Exception {
        GroupOffsetStore offsets = new GroupOffsetStore(store, layout);
        CommittedOffset old = new CommittedOffset(1, -1, null, 1_000);
        CommittedOffset recent = new CommittedOffset(2, -1, null, 5_000);
        result(offsets.commit("g", Map.of(new PartitionName("t", 0), old, new PartitionName("t", 1), old,
                new PartitionName("t", 2), recent)));
        result(offsets.transactional().stage(1, (short) 0, "g", Map.of(new PartitionName("t", 1), recent), 0));
        ExpiredOffsets first = result(offsets.expire("g", 2_000));
        assertThat(first.expired()).containsExactly(new PartitionName("t", 0));
        assertThat(first.noneLeft()).isFalse();
        assertThat(result(offsets.expire("g", Long.MIN_VALUE)).expired()).isEmpty();
        result(offsets.transactional().complete(1, (short) 0, false, "g"::equals, 0));
        ExpiredOffsets second = result(offsets.expire("g", 10_000));
        assertThat(second.expired()).containsExactly(new PartitionName("t", 1), new PartitionName("t", 2));
        assertThat(second.noneLeft()).isTrue();
        assertThat(result(offsets.expire("g", 10_000))).isEqualTo(new ExpiredOffsets(List.of(), true));
    }

    @Test
    void groupsWithOnlyPendingOffsetsAreListed() throws Exception {
        GroupOffsetStore offsets = new GroupOffsetStore(store, layout);
        result(offsets.commit("b", Map.of(new PartitionName("t", 0), AT_5)));
        result(offsets.transactional().stage(1, (short) 0, "a", Map.of(new PartitionName("t", 0), AT_5), 0));
        result(offsets.transactional().stage(1, (short) 0, "b", Map.of(new PartitionName("t", 0), AT_5), 0));
        result(offsets.transactional().stage(2, (short) 0, "c", Map.of(new PartitionName("t", 0), AT_5), 0));
        assertThat(result(offsets.groupIds())).containsExactly("a", "b", "c");
    }

    @Test
    void readsOffsetsStoredInFormatOneAndTreatsThemAsOlderThanAnyTransaction() throws Exception {
        GroupOffsetStore offsets = new GroupOffsetStore(store, layout);
        byte[] key = layout.groupOffset("g", "t", 0);
        result(store.run(tx -> {
            tx.set(key, io.tideway.metadata.internal.VersionedValue.encode(1, 9L, 3L, "meta", 1_700_000_000_000L));
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }));
        assertThat(result(offsets.fetch("g"))).containsExactly(Map.entry(new PartitionName("t", 0),
                new CommittedOffset(9, 3, "meta", 1_700_000_000_000L)));
        result(offsets.transactional().stage(1, (short) 0, "g", Map.of(new PartitionName("t", 0), AT_5), 0));
        result(offsets.transactional().complete(1, (short) 0, true, "g"::equals, 0));
        assertThat(result(offsets.fetch("g"))).containsExactly(Map.entry(new PartitionName("t", 0), AT_5));
    }

    @Test
    void invalidInputIsRejected() {
        GroupOffsetStore offsets = new GroupOffsetStore(store, layout);
        assertThatThrownBy(() -> offsets.fetch("")).hasMessageContaining("Group id");
        assertThatThrownBy(() -> new CommittedOffset(-1, 0, null, 0)).hasMessageContaining("negative");
        assertThatThrownBy(() -> new CommittedOffset(0, -2, null, 0)).hasMessageContaining("Leader epoch");
    }
}
