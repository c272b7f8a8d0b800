package io.tideway.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class MetadataConfigTest {

    @Test
    void defaultsToTheEmbeddedBackendWithDocumentedLimits() {
        MetadataConfig config = MetadataConfig.embedded(Path.of("/data/metadata"));
        assertThat(config.backend()).isEqualTo(MetadataConfig.Backend.EMBEDDED);
        assertThat(config.dir()).contains(Path.of("/data/metadata"));
        assertThat(config.clusterFile()).isEmpty();
        assertThat(config.namespace()).isEqualTo("default");
        assertThat(config.retryLimit()).isEqualTo(100);
        assertThat(config.retryBackoff()).isEqualTo(Duration.ofMillis(2));
        assertThat(config.retryBackoffMax()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.embeddedThreads()).isEqualTo(4);
        assertThat(config.embeddedQueueCapacity()).isEqualTo(10_000);
        assertThat(config.maxWatches()).isEqualTo(10_000);
    }

    @Test
    void readsFdbSettingsAndIgnoresOtherKeys() {
        MetadataConfig config = MetadataConfig.from(Map.of(
                "metadata.store", " FDB ",
                "metadata.fdb.cluster.file", "/etc/foundationdb/fdb.cluster",
                "metadata.namespace", "prod",
                "metadata.transaction.retry.limit", "7",
                "log.dirs", "/ignored"));
        assertThat(config.backend()).isEqualTo(MetadataConfig.Backend.FDB);
        assertThat(config.clusterFile()).contains(Path.of("/etc/foundationdb/fdb.cluster"));
        assertThat(config.dir()).isEmpty();
        assertThat(config.namespace()).isEqualTo("prod");
        assertThat(config.retryLimit()).isEqualTo(7);
        assertThat(config.toString()).doesNotContain("log.dirs");
    }

    @Test
    void readsProperties() {
        Properties properties = new Properties();
        properties.setProperty("metadata.dir", "/tmp/m");
        properties.setProperty("metadata.embedded.threads", "2");
        assertThat(MetadataConfig.from(properties).embeddedThreads()).isEqualTo(2);
    }

    @Test
    void unknownBackendIsRejectedNamingTheKeyAndTheAcceptedValues() {
        assertThatThrownBy(() -> MetadataConfig.from(Map.of("metadata.store", "zookeeper", "metadata.dir", "/tmp")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value 'zookeeper' for metadata.store: accepted values are embedded, fdb");
    }

    @Test
    void invalidNumbersAreRejectedNamingTheKeyAndTheRange() {
        assertThatThrownBy(() -> MetadataConfig.embedded(Path.of("/tmp")).with(MetadataConfig.RETRY_LIMIT, "-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value '-1' for metadata.transaction.retry.limit: expected an integer from 0 to 100000");
        assertThatThrownBy(() -> MetadataConfig.embedded(Path.of("/tmp")).with(MetadataConfig.TIMEOUT_MS, "soon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("metadata.transaction.timeout.ms");
        assertThatThrownBy(() -> MetadataConfig.embedded(Path.of("/tmp")).with(MetadataConfig.RETRY_BACKOFF_MAX_MS, "1")
                .with(MetadataConfig.RETRY_BACKOFF_MS, "5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("metadata.transaction.retry.backoff.max.ms");
    }

    @Test
    void embeddedBackendNeedsADirectory() {
        assertThatThrownBy(() -> MetadataConfig.from(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("metadata.dir");
        assertThatThrownBy(() -> MetadataConfig.from(Map.of("metadata.dir", " ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("metadata.dir");
    }

    @Test
    void blankNamespaceIsRejected() {
        assertThatThrownBy(() -> MetadataConfig.embedded(Path.of("/tmp")).with(MetadataConfig.NAMESPACE, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("metadata.namespace");
    }
}
