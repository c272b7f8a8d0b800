package io.tideway.metadata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TopicStoreTest extends EmbeddedStoreFixture {

    @Test
    void createdTopicIsFoundByNameAndIdAndListed() throws Exception {
        TopicStore topics = new TopicStore(store, layout);
        TopicMetadata orders = result(topics.create("orders", 3, Map.of("retention.ms", "1000", "cleanup.policy", "delete")));
        TopicMetadata audit = result(topics.create("audit", 1, Map.of()));
        assertThat(result(topics.get("orders"))).contains(orders);
        assertThat(result(topics.get(orders.id()))).contains(orders);
        assertThat(orders.configs()).containsExactly(Map.entry("cleanup.policy", "delete"), Map.entry("retention.ms", "1000"));
        assertThat(result(topics.list())).containsExactly(audit, orders);
        assertThat(result(topics.get("missing"))).isEmpty();
        reopen();
        assertThat(result(new TopicStore(store, layout).get("orders"))).contains(orders);
    }

    @Test
    void namesAreUniqueEvenUnderConcurrentCreation() throws Exception {
        TopicStore topics = new TopicStore(store, layout);
        List<CompletableFuture<TopicMetadata>> creations = IntStream.range(0, 6)
                .mapToObj(i -> topics.create("contended", 1 + i, Map.of())).toList();
        CompletableFuture.allOf(creations.toArray(CompletableFuture[]::new)).exceptionally(e -> null).get();
        assertThat(creations.stream().filter(f -> !f.isCompletedExceptionally())).hasSize(1);
        creations.stream().filter(CompletableFuture::isCompletedExceptionally).forEach(f -> assertThat(f)
                .failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(TopicExistsException.class).withMessage("Topic 'contended' already exists"));
        assertThat(result(topics.list())).hasSize(1);
    }

    @Test
    void deleteRemovesConfigsAndSegmentIndexButNothingElse() throws Exception {
        TopicStore topics = new TopicStore(store, layout);
        SegmentIndexStore segments = new SegmentIndexStore(store, layout);
        TopicMetadata doomed = result(topics.create("doomed", 2, Map.of("a", "b")));
        TopicMetadata kept = result(topics.create("kept", 1, Map.of("a", "b")));
        result(segments.put(new PartitionId(doomed.id(), 1), new SegmentRecord(0, 10, 100, -1, SegmentState.SEALED)));
        result(segments.put(new PartitionId(kept.id(), 0), new SegmentRecord(0, 10, 100, -1, SegmentState.SEALED)));
        assertThat(result(topics.delete("doomed"))).isEqualTo(doomed);
        assertThat(result(topics.get("doomed"))).isEmpty();
        assertThat(result(topics.get(doomed.id()))).isEmpty();
        assertThat(result(segments.list(new PartitionId(doomed.id(), 1)))).isEmpty();
        assertThat(result(segments.list(new PartitionId(kept.id(), 0)))).hasSize(1);
        assertThat(result(topics.list())).containsExactly(kept);
        assertThat(result(topics.delete(kept.id()))).isEqualTo(kept);
        assertThat(topics.delete("doomed")).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(UnknownTopicException.class).withMessageContaining("'doomed'");
        // the name is free again, with a new id
        assertThat(result(topics.create("doomed", 1, Map.of())).id()).isNotEqualTo(doomed.id());
    }

    @Test
    void addPartitionsOnlyGrows() throws Exception {
        TopicStore topics = new TopicStore(store, layout);
        TopicMetadata created = result(topics.create("t", 2, Map.of("x", "1")));
        TopicMetadata grown = result(topics.addPartitions("t", 5));
        assertThat(grown).isEqualTo(new TopicMetadata(created.id(), "t", 5, created.configs()));
        assertThat(result(topics.get("t"))).contains(grown);
        assertThat(topics.addPartitions("t", 5)).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(IllegalArgumentException.class).withMessageContaining("must be larger");
        assertThat(topics.addPartitions("nope", 9)).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(UnknownTopicException.class);
    }

    @Test
    void alterConfigsSetsAndRemovesInOneStep() throws Exception {
        TopicStore topics = new TopicStore(store, layout);
        result(topics.create("t", 1, Map.of("keep", "1", "drop", "2", "change", "3")));
        TopicMetadata altered = result(topics.alterConfigs("t", Map.of("change", "33", "add", "4"), Set.of("drop", "absent")));
        assertThat(altered.configs()).containsExactly(Map.entry("add", "4"), Map.entry("change", "33"), Map.entry("keep", "1"));
        assertThat(result(topics.get("t"))).contains(altered);
    }

    @Test
    void invalidInputIsRejectedBeforeAnyWrite() throws Exception {
        TopicStore topics = new TopicStore(store, layout);
        assertThatThrownBy(() -> topics.create("bad name", 1, Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("illegal");
        assertThatThrownBy(() -> topics.create("..", 1, Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> topics.create("x".repeat(250), 1, Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("249");
        assertThatThrownBy(() -> topics.create("t", 0, Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
        assertThat(result(topics.list())).isEmpty();
    }
}
