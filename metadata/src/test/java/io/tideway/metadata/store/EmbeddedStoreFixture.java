package io.tideway.metadata.store;

import io.tideway.metadata.KeyLayout;
import io.tideway.metadata.MetadataConfig;
import io.tideway.metadata.MetadataStore;
import io.tideway.metadata.MetadataStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** An embedded store in a temporary directory for the typed-store tests. */
abstract class EmbeddedStoreFixture {

    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    MetadataStore store;
    final KeyLayout layout = new KeyLayout("test-cluster");

    @BeforeEach
    void openStore() {
        store = MetadataStores.open(MetadataConfig.embedded(dir));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    void reopen() {
        store.close();
        store = MetadataStores.open(MetadataConfig.embedded(dir));
    }

    static <T> T result(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
}
