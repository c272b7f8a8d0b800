package io.tideway.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tideway.metadata.internal.embedded.EmbeddedMetadataStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on the embedded (RocksDB) backend, plus what only the embedded backend promises. */
class EmbeddedMetadataStoreTest extends MetadataStoreContractTest {

    @TempDir
    Path dir;

    @Override
    protected MetadataStore open(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(overrides);
        settings.put(MetadataConfig.DIR, dir.resolve("metadata").toString());
        return MetadataStores.open(MetadataConfig.from(settings));
    }

    @Test
    void opensTheEmbeddedBackendByDefault() {
        assertThat(store).isInstanceOf(EmbeddedMetadataStore.class);
        assertThat(store.backend()).isEqualTo("embedded");
    }

    @Test
    void aDirectoryCannotBeOpenedTwiceAtOnce() {
        assertThatThrownBy(() -> open(Map.of()))
                .isInstanceOf(MetadataUnavailableException.class)
                .hasMessageContaining(dir.resolve("metadata").toString())
                .hasMessageContaining("already open");
    }

    @Test
    void bodiesAndFuturesRunOnStoreThreadsEvenWhenCalledFromElsewhere() throws Exception {
        reopen(Map.of(MetadataConfig.EMBEDDED_THREADS, "1"));
        ExecutorService foreign = Executors.newSingleThreadExecutor(r -> new Thread(r, "foreign"));
        try {
            put(key("k"), bytes("v"));
            List<String> threads = result(store.run(tx -> {
                List<String> seen = new ArrayList<>();
                seen.add(Thread.currentThread().getName());
                // Issued from a foreign thread while the only worker runs this body, so the read
                // can only complete after the dependent stage below is attached.
                CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> tx.get(key("k")), foreign).join();
                return read.thenApply(value -> {
                    seen.add(Thread.currentThread().getName());
                    return seen;
                });
            }));
            assertThat(threads).hasSize(2).allSatisfy(name -> assertThat(name).startsWith("tideway-metadata-"));
        } finally {
            foreign.shutdownNow();
        }
    }

    @Test
    void commitVersionPersistsAcrossReopen() throws Exception {
        put(key("a"), bytes("1"));
        put(key("b"), bytes("2"));
        long before = ((EmbeddedMetadataStore) store).commitVersion();
        reopen(Map.of());
        assertThat(((EmbeddedMetadataStore) store).commitVersion()).isEqualTo(before);
        put(key("c"), bytes("3"));
        assertThat(((EmbeddedMetadataStore) store).commitVersion()).isEqualTo(before + 1);
    }

    @Test
    void timedOutTransactionFailsClearlyAndDoesNotCommit() throws Exception {
        reopen(Map.of(MetadataConfig.TIMEOUT_MS, "200"));
        CompletableFuture<Object> stuck = store.run(tx -> {
            tx.set(key("late"), bytes("never"));
            return new CompletableFuture<>();
        });
        assertThat(stuck).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(MetadataTimeoutException.class)
                .withMessageContaining("metadata.transaction.timeout.ms");
        assertThat(read(key("late"))).isNull();
    }

    @Test
    void transactionCannotBeUsedAfterItsBodyCompleted() throws Exception {
        AtomicReference<Transaction> leaked = new AtomicReference<>();
        result(store.run(tx -> {
            leaked.set(tx);
            return CompletableFuture.completedFuture(null);
        }));
        assertThatThrownBy(() -> leaked.get().set(key("k"), bytes("v"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> leaked.get().get(key("k"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void readOnlyTransactionRefusesWrites() {
        CompletableFuture<Object> attempt = store.read(tx -> {
            ((Transaction) tx).set(key("k"), bytes("v"));
            return CompletableFuture.completedFuture(null);
        });
        assertThat(attempt).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(IllegalStateException.class).withMessageContaining("Read-only");
    }

    @Test
    void bodyThatDoesNotWaitForItsReadsFailsInsteadOfCommittingBlind() throws Exception {
        reopen(Map.of(MetadataConfig.EMBEDDED_THREADS, "1"));
        ExecutorService foreign = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<Object> careless = store.run(tx -> {
                // The only worker is busy with this body, so the read stays queued until after it.
                CompletableFuture.supplyAsync(() -> tx.get(key("k")), foreign).join();
                tx.set(key("k"), bytes("v"));
                return CompletableFuture.completedFuture(null);
            });
            assertThat(careless).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOf(IllegalStateException.class).withMessageContaining("still running");
            assertThat(read(key("k"))).isNull();
        } finally {
            foreign.shutdownNow();
        }
    }

    @Test
    void fullWorkQueueIsRefusedWithOverloadedException() throws Exception {
        reopen(Map.of(MetadataConfig.EMBEDDED_THREADS, "1", MetadataConfig.EMBEDDED_QUEUE, "1"));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Object> blocker = store.run(tx -> {
            started.countDown();
            awaitUninterruptibly(release); // deliberately occupies the only worker
            return CompletableFuture.completedFuture(null);
        });
        assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Object> queued = store.run(tx -> CompletableFuture.completedFuture("queued"));
        CompletableFuture<Object> refused = store.run(tx -> CompletableFuture.completedFuture("refused"));
        assertThat(refused).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(MetadataOverloadedException.class)
                .withMessageContaining("metadata.embedded.queue.capacity");
        release.countDown();
        assertThat(blocker).succeedsWithin(WAIT);
        assertThat(queued).succeedsWithin(WAIT).isEqualTo("queued");
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void closingFailsPendingWatchesAndLaterCalls() throws Exception {
        CompletableFuture<Void> watch = store.watch(key("w"));
        store.close();
        assertThat(watch).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(MetadataUnavailableException.class);
        assertThat(store.run(tx -> CompletableFuture.completedFuture(null))).failsWithin(WAIT)
                .withThrowableOfType(ExecutionException.class).havingCause().isInstanceOf(MetadataUnavailableException.class);
        store = open(Map.of());
    }

    @Test
    void cancelledWatchIsReleased() throws Exception {
        reopen(Map.of(MetadataConfig.MAX_WATCHES, "1"));
        CompletableFuture<Void> first = watchSet(key("a"));
        CompletableFuture<Void> refused = store.watch(key("b"));
        assertThat(refused).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                .havingCause().withMessageContaining("metadata.watches.max");
        first.cancel(false);
        CompletableFuture<Void> second = watchSet(key("c"));
        put(key("c"), bytes("changed"));
        assertThat(second).succeedsWithin(WAIT);
    }
}
