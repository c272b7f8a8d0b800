package io.tideway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/configuration.md} is the output of {@code tideway config-reference}. When this
 * fails, regenerate it: {@code ./tideway config-reference > docs/configuration.md}.
 */
class ConfigurationDocTest {

    static final Path DOC = Path.of("..", "docs", "configuration.md");

    @Test
    void configurationReferenceMatchesTheCode() throws Exception {
        assertThat(DOC).as("docs/configuration.md").isRegularFile();
        assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
                .as("docs/configuration.md is out of date: run"
                        + " ./tideway config-reference > docs/configuration.md")
                .isEqualTo(ConfigReference.markdown());
    }
}
