package io.tideway.gateway.handlers.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.ApiRegistry;
import io.tideway.gateway.ApiRegistry.AdvertisedRange;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;

/** The factory's handlers and the version ranges they advertise (Kafka 4.4.0's). */
class DataHandlersTest extends EngineTestBase {

    @Test
    void advertisesKafka440Ranges() {
        List<ApiHandler> handlers = DataHandlers.create(broker, vertx);
        Map<ApiKeys, AdvertisedRange> ranges = ApiRegistry.create(handlers).advertisedRanges()
                .stream().collect(Collectors.toMap(AdvertisedRange::apiKey, range -> range));

        assertThat(handlers).hasSize(6);
        assertRange(ranges, ApiKeys.PRODUCE, 0, 13);
        assertRange(ranges, ApiKeys.FETCH, 4, 18);
        assertRange(ranges, ApiKeys.LIST_OFFSETS, 1, 11);
        assertRange(ranges, ApiKeys.DELETE_RECORDS, 0, 2);
        assertRange(ranges, ApiKeys.INIT_PRODUCER_ID, 0, 5);
        assertRange(ranges, ApiKeys.OFFSET_FOR_LEADER_EPOCH, 2, 4);
    }

    @Test
    void optionsAreValidated() {
        DataHandlerOptions defaults = DataHandlerOptions.defaults();

        assertThat(defaults.fetchSessionCacheSlots()).isEqualTo(1000);
        assertThat(defaults.fetchSessionEviction()).isEqualTo(Duration.ofMinutes(2));
        assertThat(defaults.fetchMaxBytes()).isEqualTo(57_671_680);
        assertThatThrownBy(() -> defaults.withFetchSessionCacheSlots(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fetchSessionCacheSlots");
        assertThatThrownBy(() -> defaults.withFetchMaxBytes(-5))
                .hasMessageContaining("fetchMaxBytes");
        assertThat(DataHandlers.create(broker, vertx, defaults.withFetchSessionCacheSlots(0)))
                .hasSize(6);
    }

    private static void assertRange(Map<ApiKeys, AdvertisedRange> ranges, ApiKeys api, int min,
            int max) {
        assertThat(ranges.get(api).minVersion()).as(api.name).isEqualTo((short) min);
        assertThat(ranges.get(api).maxVersion()).as(api.name).isEqualTo((short) max);
    }
}
