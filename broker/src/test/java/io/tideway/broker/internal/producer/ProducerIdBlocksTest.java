package io.tideway.broker.internal.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.metadata.KeyLayout;
import io.tideway.metadata.MetadataConfig;
import io.tideway.metadata.MetadataStore;
import io.tideway.metadata.MetadataStores;
import io.tideway.metadata.store.ProducerIdStore;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.common.errors.CoordinatorLoadInProgressException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProducerIdBlocksTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  Path dir;

  private MetadataStore store;
  private final KeyLayout layout = new KeyLayout("test");

  @BeforeEach
  void open() {
    store = MetadataStores.open(MetadataConfig.embedded(dir));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture()
        .get(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  @Test
  void handsOutConsecutiveIdsFromBlocksThatSurviveRestarts() throws Exception {
    ProducerIdBlocks ids = new ProducerIdBlocks(new ProducerIdStore(store, layout));
    assertThat(await(ids.nextProducerId())).isZero();
    assertThat(await(ids.nextProducerId())).isEqualTo(1);
    ProducerIdBlocks afterRestart = new ProducerIdBlocks(new ProducerIdStore(store, layout));
    assertThat(await(afterRestart.nextProducerId())).isEqualTo(ProducerIdBlocks.BLOCK_SIZE);
  }

  @Test
  void concurrentCallersShareBlockFetchesAndNeverGetTheSameId() throws Exception {
    ProducerIdBlocks ids = new ProducerIdBlocks(new ProducerIdStore(store, layout));
    List<Future<Long>> all = IntStream.range(0, 2500).mapToObj(i -> ids.nextProducerId())
        .toList();
    await(Future.all(all));
    Set<Long> distinct = new HashSet<>();
    all.forEach(future -> distinct.add(future.result()));
    assertThat(distinct).hasSize(2500);
    // Three blocks were enough: every id is below 3000, and the next block starts at 3000.
    assertThat(distinct).allMatch(id -> id < 3 * ProducerIdBlocks.BLOCK_SIZE);
    assertThat(new ProducerIdStore(store, layout).allocate(1).get().firstId())
        .isEqualTo(3L * ProducerIdBlocks.BLOCK_SIZE);
  }

  @Test
  void anUnavailableStoreIsARetriableError() throws Exception {
    ProducerIdBlocks ids = new ProducerIdBlocks(new ProducerIdStore(store, layout));
    store.close();
    Future<Long> failed = ids.nextProducerId();
    assertThat(failed.toCompletionStage().toCompletableFuture()).failsWithin(WAIT)
        .withThrowableThat().havingCause()
        .isInstanceOf(CoordinatorLoadInProgressException.class)
        .withMessageContaining("Could not allocate producer ids");
  }
}
