package io.tideway.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.metadata.MetadataConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataSettingsTest {

    @TempDir
    Path dir;

    @Test
    void embeddedStoreLivesInTheFirstDataDirectory() {
        MetadataConfig config = MetadataSettings.from(BrokerConfig.fromMap(Map.of("log.dirs",
                dir.resolve("a") + "," + dir.resolve("b"))));
        assertThat(config.backend()).isEqualTo(MetadataConfig.Backend.EMBEDDED);
        assertThat(config.dir()).contains(dir.resolve("a").resolve("metadata"));
    }

    @Test
    void foundationDbUsesTheClusterFile() throws Exception {
        Path clusterFile = Files.writeString(dir.resolve("fdb.cluster"), "test:test@127.0.0.1:4500");
        MetadataConfig config = MetadataSettings.from(BrokerConfig.fromMap(Map.of(
                "log.dirs", dir.resolve("a").toString(), "metadata.store", "fdb",
                "metadata.fdb.cluster.file", clusterFile.toString())));
        assertThat(config.backend()).isEqualTo(MetadataConfig.Backend.FDB);
        assertThat(config.clusterFile()).contains(clusterFile);
    }
}
