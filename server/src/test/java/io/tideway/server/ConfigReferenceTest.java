package io.tideway.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigReferenceTest {

    @Test
    void everyDefinedKeyHasOneRow() {
        String markdown = ConfigReference.markdown();
        for (String key : BrokerConfigDef.names()) {
            assertThat(markdown).containsOnlyOnce("| `" + key + "` |");
        }
        assertThat(markdown).contains("| `log.flush.policy` | string | `none` |"
                + " [none, group-commit] | high |");
    }

    @Test
    void shippedServerPropertiesUsesOnlyKnownKeys() throws Exception {
        java.util.Properties shipped = new java.util.Properties();
        try (var in = java.nio.file.Files.newBufferedReader(
                java.nio.file.Path.of("src/main/dist/config/server.properties"))) {
            shipped.load(in);
        }
        assertThat(BrokerConfigDef.names()).containsAll(shipped.stringPropertyNames());
    }
}
