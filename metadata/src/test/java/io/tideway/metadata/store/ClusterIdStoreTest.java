package io.tideway.metadata.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClusterIdStoreTest extends EmbeddedStoreFixture {

    @Test
    void createsAKafkaStyleIdOnceAndKeepsIt() throws Exception {
        ClusterIdStore ids = new ClusterIdStore(store, layout);
        assertThat(result(ids.get())).isEmpty();
        String id = result(ids.getOrCreate());
        assertThat(id).hasSize(22).matches("[A-Za-z0-9_-]+").doesNotStartWith("-");
        assertThat(result(ids.getOrCreate())).isEqualTo(id);
        reopen();
        assertThat(result(new ClusterIdStore(store, layout).get())).contains(id);
    }

    @Test
    void concurrentCreatorsAgreeOnOneId() throws Exception {
        ClusterIdStore ids = new ClusterIdStore(store, layout);
        List<CompletableFuture<String>> creators = IntStream.range(0, 8).mapToObj(i -> ids.getOrCreate()).toList();
        CompletableFuture.allOf(creators.toArray(CompletableFuture[]::new)).get();
        assertThat(creators.stream().map(CompletableFuture::join).distinct()).hasSize(1);
    }

    @Test
    void generatedIdsDiffer() {
        assertThat(IntStream.range(0, 100).mapToObj(i -> ClusterIdStore.newClusterId()).distinct()).hasSize(100);
    }
}
