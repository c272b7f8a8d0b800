package io.tideway.metadata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProducerIdStoreTest extends EmbeddedStoreFixture {

    @Test
    void blocksFollowEachOtherAndSurviveRestart() throws Exception {
        ProducerIdStore ids = new ProducerIdStore(store, layout);
        assertThat(result(ids.allocate(1000))).isEqualTo(new ProducerIdBlock(0, 1000));
        assertThat(result(ids.allocate(10))).isEqualTo(new ProducerIdBlock(1000, 10));
        reopen();
        assertThat(result(new ProducerIdStore(store, layout).allocate(1)).firstId()).isEqualTo(1010);
    }

    @Test
    void concurrentAllocatorsNeverReceiveOverlappingBlocks() throws Exception {
        ProducerIdStore ids = new ProducerIdStore(store, layout);
        List<CompletableFuture<ProducerIdBlock>> allocations = IntStream.range(0, 30)
                .mapToObj(i -> ids.allocate(1 + i % 7)).toList();
        CompletableFuture.allOf(allocations.toArray(CompletableFuture[]::new)).get();
        List<ProducerIdBlock> blocks = allocations.stream().map(CompletableFuture::join)
                .sorted(Comparator.comparingLong(ProducerIdBlock::firstId)).toList();
        long expectedNext = 0;
        for (ProducerIdBlock block : blocks) {
            assertThat(block.firstId()).as("blocks are contiguous and disjoint").isEqualTo(expectedNext);
            expectedNext = block.lastId() + 1;
        }
        assertThat(expectedNext).isEqualTo(IntStream.range(0, 30).map(i -> 1 + i % 7).sum());
    }

    @Test
    void blockSizeIsValidated() {
        ProducerIdStore ids = new ProducerIdStore(store, layout);
        assertThatThrownBy(() -> ids.allocate(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from 1 to");
    }
}
