package io.tideway.metadata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tideway.metadata.store.TransactionalOffsetStore.CompletedGroup;
import io.tideway.metadata.store.TransactionalOffsetStore.StageResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransactionalOffsetStoreTest extends EmbeddedStoreFixture {

    private static final PartitionName T0 = new PartitionName("t", 0);
    private static final PartitionName T1 = new PartitionName("t", 1);
    private static final CommittedOffset AT_5 = new CommittedOffset(5, 3, "meta", 1_700_000_000_000L);
    private static final CommittedOffset AT_7 = new CommittedOffset(7, -1, null, 1_700_000_000_001L);
    private static final CommittedOffset AT_9 = new CommittedOffset(9, 4, "", 1_700_000_000_002L);
    private static final long NOW = 1_700_000_100_000L;

    private GroupOffsetStore offsets() {
        return new GroupOffsetStore(store, layout);
    }

    private TransactionalOffsetStore pending() {
        return offsets().transactional();
    }

    private StageResult stage(long producerId, int epoch, String group, Map<PartitionName, CommittedOffset> staged)
            throws Exception {
        return result(pending().stage(producerId, (short) epoch, group, staged, NOW));
    }

    private List<CompletedGroup> complete(long producerId, int epoch, boolean commit, String... groups)
            throws Exception {
        List<String> chosen = List.of(groups);
        return result(pending().complete(producerId, (short) epoch, commit, chosen::contains, NOW));
    }

    @Test
    void stagedOffsetsArePendingAndNotCommitted() throws Exception {
        assertThat(stage(10, 0, "g", Map.of(T0, AT_5))).isEqualTo(StageResult.STAGED);
        assertThat(result(offsets().fetch("g"))).isEmpty();
        GroupOffsetView view = result(offsets().view("g", null));
        assertThat(view.committed()).isEmpty();
        assertThat(view.pending()).containsExactly(T0);
        assertThat(result(pending().pending(10)))
                .containsExactly(new PendingOffset(new PendingOffsetKey(10, "g", T0), (short) 0, AT_5));
    }

    @Test
    void aCommitMarkerMakesThePendingOffsetsCommittedWithTheirMetadataAndTimestamp() throws Exception {
        stage(10, 0, "g", Map.of(T0, AT_5, T1, AT_7));
        List<CompletedGroup> done = complete(10, 0, true, "g");
        assertThat(done).hasSize(1);
        assertThat(done.get(0).committed()).isEqualTo(Map.of(T0, AT_5, T1, AT_7));
        assertThat(done.get(0).dropped()).isEmpty();
        assertThat(result(offsets().fetch("g"))).isEqualTo(Map.of(T0, AT_5, T1, AT_7));
        assertThat(result(offsets().view("g", null)).pending()).isEmpty();
        assertThat(result(pending().pending(10))).isEmpty();
    }

    @Test
    void anAbortMarkerDropsThePendingOffsets() throws Exception {
        result(offsets().commit("g", Map.of(T0, AT_7)));
        stage(10, 0, "g", Map.of(T0, AT_9));
        List<CompletedGroup> done = complete(10, 0, false, "g");
        assertThat(done).containsExactly(new CompletedGroup("g", Map.of(), List.of(T0)));
        assertThat(result(offsets().fetch("g"))).isEqualTo(Map.of(T0, AT_7));
        assertThat(result(offsets().view("g", null)).pending()).isEmpty();
    }

    @Test
    void aRetriedMarkerFindsNothingLeft() throws Exception {
        stage(10, 0, "g", Map.of(T0, AT_5));
        complete(10, 0, true, "g");
        assertThat(complete(10, 0, true, "g")).isEmpty();
        assertThat(complete(10, 0, false, "g")).isEmpty();
        assertThat(result(offsets().fetch("g"))).isEqualTo(Map.of(T0, AT_5));
    }

    @Test
    void aMarkerOnlyCompletesTheGroupsItStandsFor() throws Exception {
        stage(10, 0, "g1", Map.of(T0, AT_5));
        stage(10, 0, "g2", Map.of(T0, AT_7));
        assertThat(complete(10, 0, true, "g1")).extracting(CompletedGroup::group).containsExactly("g1");
        assertThat(result(offsets().fetch("g1"))).isEqualTo(Map.of(T0, AT_5));
        assertThat(result(offsets().fetch("g2"))).isEmpty();
        assertThat(result(offsets().view("g2", null)).pending()).containsExactly(T0);
        complete(10, 0, true, "g2");
        assertThat(result(offsets().fetch("g2"))).isEqualTo(Map.of(T0, AT_7));
    }

    @Test
    void aPlainCommitWrittenAfterTheTransactionalOneWins() throws Exception {
        stage(10, 0, "g", Map.of(T0, AT_5, T1, AT_5));
        result(offsets().commit("g", Map.of(T0, AT_9)));
        List<CompletedGroup> done = complete(10, 0, true, "g");
        assertThat(done).containsExactly(new CompletedGroup("g", Map.of(T1, AT_5), List.of(T0)));
        assertThat(result(offsets().fetch("g"))).isEqualTo(Map.of(T0, AT_9, T1, AT_5));
    }

    @Test
    void aTransactionalCommitWrittenAfterAPlainOneWins() throws Exception {
        result(offsets().commit("g", Map.of(T0, AT_9)));
        stage(10, 0, "g", Map.of(T0, AT_5));
        complete(10, 0, true, "g");
        assertThat(result(offsets().fetch("g"))).isEqualTo(Map.of(T0, AT_5));
    }

    @Test
    void betweenTwoProducersTheLaterStagedOffsetWinsWhateverTheCommitOrder() throws Exception {
        stage(10, 0, "g", Map.of(T0, AT_5));
        stage(11, 0, "g", Map.of(T0, AT_7));
        assertThat(result(offsets().view("g", List.of(T0, T1))).pending()).containsExactly(T0);
        complete(11, 0, true, "g");
        assertThat(result(offsets().view("g", null)).pending()).as("producer 10 still pending").containsExactly(T0);
        complete(10, 0, true, "g");
        assertThat(result(offsets().fetch("g"))).isEqualTo(Map.of(T0, AT_7));
    }

    @Test
    void olderEpochsAreFencedByNewerStagesAndByMarkers() throws Exception {
        assertThat(stage(10, 2, "g", Map.of(T0, AT_5))).isEqualTo(StageResult.STAGED);
        assertThat(stage(10, 1, "g", Map.of(T1, AT_5))).isEqualTo(StageResult.FENCED);
        assertThat(result(pending().pending(10))).hasSize(1);
        complete(10, 3, false, "g"); // an abort with a bumped epoch, as after a timeout
        assertThat(stage(10, 2, "g", Map.of(T0, AT_7))).as("a zombie's late write").isEqualTo(StageResult.FENCED);
        assertThat(result(offsets().view("g", null)).isEmpty()).isTrue();
        assertThat(stage(10, 3, "g", Map.of(T0, AT_7))).isEqualTo(StageResult.STAGED);
    }

    @Test
    void offsetsStagedWithANewerEpochThanTheMarkerStayPending() throws Exception {
        stage(10, 0, "g", Map.of(T0, AT_5));
        stage(10, 1, "g", Map.of(T1, AT_7));
        complete(10, 0, true, "g");
        assertThat(result(offsets().fetch("g"))).isEqualTo(Map.of(T0, AT_5));
        assertThat(result(offsets().view("g", null)).pending()).containsExactly(T1);
    }

    @Test
    void pendingOffsetsSurviveAReopenAndCompleteAfterIt() throws Exception {
        stage(10, 0, "g", Map.of(T0, AT_5));
        stage(11, 0, "h", Map.of(T1, AT_7));
        reopen();
        assertThat(result(offsets().view("g", null)).pending()).containsExactly(T0);
        assertThat(result(offsets().groupIds())).containsExactly("g", "h");
        complete(10, 0, true, "g");
        complete(11, 0, false, "h");
        assertThat(result(offsets().fetch("g"))).isEqualTo(Map.of(T0, AT_5));
        assertThat(result(offsets().view("h", null)).isEmpty()).isTrue();
        reopen();
        assertThat(result(offsets().fetch("g"))).isEqualTo(Map.of(T0, AT_5));
        assertThat(result(offsets().groupIds())).containsExactly("g");
    }

    @Test
    void idleProducerRecordsWithoutPendingOffsetsExpire() throws Exception {
        result(pending().stage(10, (short) 4, "g", Map.of(T0, AT_5), 1_000));
        result(pending().complete(10, (short) 4, true, group -> true, 1_000));
        result(pending().stage(11, (short) 0, "g", Map.of(T1, AT_5), 1_000));
        result(pending().stage(12, (short) 0, "g", Map.of(), 5_000));
        assertThat(result(pending().expireProducers(2_000))).as("10 only: 11 has pending offsets, 12 is recent")
                .isEqualTo(1);
        assertThat(stage(10, 0, "g", Map.of(T0, AT_7))).isEqualTo(StageResult.STAGED);
        assertThat(stage(11, 0, "g", Map.of(T1, AT_7))).isEqualTo(StageResult.STAGED);
    }

    @Test
    void invalidInputIsRejectedBeforeAnyIo() {
        assertThatThrownBy(() -> pending().stage(-1, (short) 0, "g", Map.of(T0, AT_5), NOW))
                .hasMessageContaining("Producer id");
        assertThatThrownBy(() -> pending().stage(1, (short) -1, "g", Map.of(T0, AT_5), NOW))
                .hasMessageContaining("Producer epoch");
        assertThatThrownBy(() -> pending().stage(1, (short) 0, "", Map.of(T0, AT_5), NOW))
                .hasMessageContaining("Group id");
        assertThatThrownBy(() -> pending().complete(-1, (short) 0, true, g -> true, NOW))
                .hasMessageContaining("Producer id");
    }
}
