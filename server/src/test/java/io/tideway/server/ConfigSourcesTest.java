package io.tideway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ConfigSourcesTest {

    @Provide
    Arbitrary<String> definedKeys() {
        return Arbitraries.of(BrokerConfigDef.names());
    }

    @Property(tries = 100)
    void everyKeyHasAnEnvironmentVariableThatMapsBackToIt(@ForAll("definedKeys") String key) {
        String variable = ConfigSources.variableForKey(key);
        assertThat(variable).matches("TIDEWAY_[A-Z0-9_]+");
        assertThat(ConfigSources.keyForVariable(variable)).isEqualTo(key);
        ConfigSources sources = new ConfigSources().addEnvironment(Map.of(variable, "v"));
        assertThat(sources.values()).containsExactly(Map.entry(key, "v"));
        assertThat(sources.originOf(key)).isEqualTo("environment variable " + variable);
    }

    @Test
    void launcherVariablesAndForeignVariablesAreNotConfiguration() {
        ConfigSources sources = new ConfigSources().addEnvironment(Map.of(
                "TIDEWAY_JAVA_OPTS", "-Xmx1g", "TIDEWAY_HEAP", "-Xmx2g", "TIDEWAY_HOME", "/opt",
                "TIDEWAY_", "x", "HOME", "/root", "KAFKA_LOG_DIRS", "/k"));
        assertThat(sources.values()).isEmpty();
    }

    @Test
    void laterSourcesOverrideEarlierOnes() {
        ConfigSources sources = new ConfigSources().put("num.partitions", "1", "file f")
                .addEnvironment(Map.of("TIDEWAY_NUM_PARTITIONS", "2"));
        assertThat(sources.values()).containsEntry("num.partitions", "2");
        assertThat(sources.originOf("num.partitions"))
                .isEqualTo("environment variable TIDEWAY_NUM_PARTITIONS");
        assertThat(sources.originOf("log.dirs")).isEqualTo("default");
    }
}
