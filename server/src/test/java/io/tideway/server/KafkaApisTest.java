package io.tideway.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.broker.Broker;
import io.tideway.gateway.ApiFeatures;
import io.tideway.gateway.ApiRegistry;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registry serves the transaction APIs and advertises the configured transaction.version. */
class KafkaApisTest {

    private static Vertx vertx;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close().await();
    }

    @Test
    void servesTheTransactionApis() {
        ApiRegistry registry = registry(Map.of());

        assertThat(registry.apiKeys()).contains(ApiKeys.ADD_PARTITIONS_TO_TXN,
                ApiKeys.ADD_OFFSETS_TO_TXN, ApiKeys.END_TXN, ApiKeys.TXN_OFFSET_COMMIT,
                ApiKeys.DESCRIBE_TRANSACTIONS, ApiKeys.LIST_TRANSACTIONS,
                ApiKeys.DESCRIBE_PRODUCERS, ApiKeys.INIT_PRODUCER_ID);
    }

    @Test
    void advertisesTransactionVersionAtTheConfiguredLevel() {
        long before = System.currentTimeMillis();
        ApiFeatures defaults = registry(Map.of()).features();
        ApiFeatures classic = registry(Map.of("transaction.version", "1")).features();

        assertThat(defaults.features()).singleElement().satisfies(feature -> {
            assertThat(feature.name()).isEqualTo(ApiFeatures.TRANSACTION_VERSION);
            assertThat(feature.minVersion()).isZero();
            assertThat(feature.maxVersion()).isEqualTo((short) 2);
            assertThat(feature.finalizedLevel()).isEqualTo((short) 2);
        });
        assertThat(classic.features().get(0).finalizedLevel()).isEqualTo((short) 1);
        // A restart advertises a newer epoch, so clients adopt a changed level.
        assertThat(defaults.finalizedEpoch()).isGreaterThanOrEqualTo(before);
    }

    private static ApiRegistry registry(Map<String, String> config) {
        return KafkaApis.registry(CompatibilityDocTest.inert(Broker.class), List::of, vertx,
                BrokerConfig.fromMap(config));
    }
}
