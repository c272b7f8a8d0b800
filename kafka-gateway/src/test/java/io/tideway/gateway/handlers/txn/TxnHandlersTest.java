package io.tideway.gateway.handlers.txn;

import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.gateway.ApiRegistry;
import io.tideway.gateway.ApiRegistry.AdvertisedRange;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;

/** The factory's handlers and the version ranges they advertise (Kafka 4.4.0's). */
class TxnHandlersTest extends TxnHandlerTestBase {

    @Test
    void advertisesKafka440Ranges() {
        Map<ApiKeys, AdvertisedRange> ranges = ApiRegistry.create(TxnHandlers.create(broker))
                .advertisedRanges().stream()
                .collect(Collectors.toMap(AdvertisedRange::apiKey, range -> range));

        assertThat(ranges).hasSize(8); // seven handlers and the built-in ApiVersions
        assertRange(ranges, ApiKeys.ADD_PARTITIONS_TO_TXN, 0, 5);
        assertRange(ranges, ApiKeys.ADD_OFFSETS_TO_TXN, 0, 4);
        assertRange(ranges, ApiKeys.END_TXN, 0, 5);
        assertRange(ranges, ApiKeys.TXN_OFFSET_COMMIT, 0, 6);
        assertRange(ranges, ApiKeys.DESCRIBE_TRANSACTIONS, 0, 0);
        assertRange(ranges, ApiKeys.LIST_TRANSACTIONS, 0, 2);
        assertRange(ranges, ApiKeys.DESCRIBE_PRODUCERS, 0, 0);
    }

    private static void assertRange(Map<ApiKeys, AdvertisedRange> ranges, ApiKeys api, int min,
            int max) {
        assertThat(ranges.get(api).minVersion()).as(api.name).isEqualTo((short) min);
        assertThat(ranges.get(api).maxVersion()).as(api.name).isEqualTo((short) max);
    }
}
