package io.tideway.metadata;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where {@code libfdb_c} is not installed (as on this project's build machine), choosing the
 * FoundationDB backend fails at start-up with one clear message, every time it is tried.
 */
class FdbBackendWithoutClientLibraryTest {

    @TempDir
    Path dir;

    @Test
    void missingClientLibraryIsReportedClearlyEveryTime() throws Exception {
        assumeTrue(clientLibraryMissing(), "libfdb_c is installed: this test covers machines without it");
        Path clusterFile = Files.writeString(dir.resolve("fdb.cluster"), "test:test@127.0.0.1:4500\n");
        MetadataConfig config = MetadataConfig.from(Map.of(
                MetadataConfig.STORE, "fdb", MetadataConfig.FDB_CLUSTER_FILE, clusterFile.toString()));
        for (int attempt = 0; attempt < 2; attempt++) {
            // The first failure is an UnsatisfiedLinkError, later ones NoClassDefFoundError: same message.
            assertThatThrownBy(() -> MetadataStores.open(config))
                    .isInstanceOf(MetadataUnavailableException.class)
                    .hasMessageStartingWith("FoundationDB client library libfdb_c not found: install foundationdb-clients 7.4")
                    .hasMessageContaining("metadata.store=embedded")
                    .hasMessageContaining("libfdb_c")
                    .hasCauseInstanceOf(LinkageError.class);
        }
    }

    private static boolean clientLibraryMissing() {
        try {
            System.loadLibrary("fdb_c");
            return false;
        } catch (UnsatisfiedLinkError e) {
            return true;
        }
    }
}
