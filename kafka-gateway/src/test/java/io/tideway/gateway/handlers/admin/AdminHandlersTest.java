package io.tideway.gateway.handlers.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.ApiRegistry;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;

class AdminHandlersTest {

    /** The ranges Apache Kafka 4.4.0 advertises for these APIs (shared/kafka-4.4.0-apiversions.txt). */
    private static final Map<ApiKeys, List<Integer>> KAFKA_4_4_0 = Map.of(
            ApiKeys.METADATA, List.of(0, 13),
            ApiKeys.CREATE_TOPICS, List.of(2, 7),
            ApiKeys.DELETE_TOPICS, List.of(1, 6),
            ApiKeys.DESCRIBE_CONFIGS, List.of(1, 4),
            ApiKeys.ALTER_CONFIGS, List.of(0, 2),
            ApiKeys.DESCRIBE_LOG_DIRS, List.of(1, 5),
            ApiKeys.CREATE_PARTITIONS, List.of(0, 3),
            ApiKeys.INCREMENTAL_ALTER_CONFIGS, List.of(0, 1),
            ApiKeys.DESCRIBE_CLUSTER, List.of(0, 2),
            ApiKeys.DESCRIBE_TOPIC_PARTITIONS, List.of(0, 0));

    @Test
    void createsOneHandlerPerAdminApiWithKafkasRanges() {
        List<ApiHandler> handlers = AdminHandlers.create(new FakeBroker(), List::of);

        Map<ApiKeys, List<Integer>> ranges = handlers.stream().collect(Collectors.toMap(
                ApiHandler::apiKey,
                handler -> List.of((int) handler.minVersion(), (int) handler.maxVersion())));
        assertThat(ranges).isEqualTo(KAFKA_4_4_0);
        assertThat(handlers).extracting(handler -> handler.apiKey().id).isSorted();
    }

    @Test
    void registryAcceptsTheHandlers() {
        ApiRegistry registry = ApiRegistry.create(AdminHandlers.create(new FakeBroker(), List::of));

        assertThat(registry.apiKeys()).containsAll(KAFKA_4_4_0.keySet());
        assertThat(registry.accepts(ApiKeys.METADATA, (short) 13)).isTrue();
        assertThat(registry.accepts(ApiKeys.CREATE_TOPICS, (short) 1)).isFalse();
    }
}
