package io.tideway.metadata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerConfigStoreTest extends EmbeddedStoreFixture {

    @Test
    void startsEmptyAndReplacesTheWholeSet() throws Exception {
        BrokerConfigStore configs = new BrokerConfigStore(store, layout);
        assertThat(result(configs.getAll())).isEmpty();
        result(configs.replaceAll(Map.of("log.retention.ms", "1000", "log.segment.bytes", "2048")));
        assertThat(result(configs.replaceAll(Map.of("log.retention.ms", "5000"))))
                .containsExactly(Map.entry("log.retention.ms", "5000"));
        assertThat(result(configs.getAll())).containsExactly(Map.entry("log.retention.ms", "5000"));
        reopen();
        BrokerConfigStore reopened = new BrokerConfigStore(store, layout);
        assertThat(result(reopened.getAll())).containsExactly(Map.entry("log.retention.ms", "5000"));
        result(reopened.replaceAll(Map.of()));
        assertThat(result(reopened.getAll())).isEmpty();
    }

    @Test
    void doesNotTouchOtherKeys() throws Exception {
        result(new TopicStore(store, layout).create("t", 1, Map.of("retention.ms", "1")));
        result(new BrokerConfigStore(store, layout).replaceAll(Map.of()));
        assertThat(result(new TopicStore(store, layout).get("t"))).isPresent();
    }

    @Test
    void blankNamesAndNullValuesAreRejected() {
        BrokerConfigStore configs = new BrokerConfigStore(store, layout);
        assertThatThrownBy(() -> configs.replaceAll(Map.of(" ", "1"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("log.retention.ms", null);
        assertThatThrownBy(() -> configs.replaceAll(nullValue)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'log.retention.ms' has a null value");
    }
}
