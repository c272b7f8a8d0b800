package io.tideway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import java.util.List;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;

class ApiRegistryTest {

    private static TestHandler handler(ApiKeys key, int advertisedMin, int min, int max) {
        return TestHandler.advertising(key, advertisedMin, min, max,
                (ctx, request) -> Future.failedFuture("unused"));
    }

    @Test
    void apiVersionsIsAlwaysServedAndAdvertised() {
        ApiRegistry registry = ApiRegistry.create(List.of());
        assertThat(registry.apiKeys()).containsExactly(ApiKeys.API_VERSIONS);
        assertThat(registry.advertisedRanges()).containsExactly(new ApiRegistry.AdvertisedRange(
                ApiKeys.API_VERSIONS, (short) 0, ApiKeys.API_VERSIONS.latestVersion()));
    }

    @Test
    void advertisedRangesComeFromTheHandlersSortedByKey() {
        ApiRegistry registry = ApiRegistry.create(List.of(
                handler(ApiKeys.LIST_GROUPS, 0, 0, 5), handler(ApiKeys.FETCH, 4, 4, 18)));
        assertThat(registry.advertisedRanges()).extracting(r -> r.apiKey())
                .containsExactly(ApiKeys.FETCH, ApiKeys.LIST_GROUPS, ApiKeys.API_VERSIONS);
        assertThat(registry.advertisedVersions()).hasSize(3);
        assertThat(registry.advertisedVersions().find(ApiKeys.FETCH.id).maxVersion())
                .isEqualTo((short) 18);
    }

    @Test
    void handlerMayAdvertiseLowerThanItAcceptsLikeProduceV0() {
        ApiRegistry registry = ApiRegistry.create(List.of(handler(ApiKeys.PRODUCE, 0, 3, 13)));
        assertThat(registry.advertisedVersions().find(ApiKeys.PRODUCE.id).minVersion()).isZero();
        assertThat(registry.accepts(ApiKeys.PRODUCE, (short) 2)).isFalse();
        assertThat(registry.accepts(ApiKeys.PRODUCE, (short) 3)).isTrue();
    }

    @Test
    void eachAdvertisedCollectionIsAFreshCopy() {
        ApiRegistry registry = ApiRegistry.create(List.of());
        registry.advertisedVersions().clear();
        assertThat(registry.advertisedVersions()).hasSize(1);
    }

    @Test
    void duplicateKeysAreRejectedNamingBothHandlers() {
        assertThatThrownBy(() -> ApiRegistry.create(List.of(handler(ApiKeys.LIST_GROUPS, 0, 0, 5),
                handler(ApiKeys.LIST_GROUPS, 0, 0, 4))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Two handlers serve LIST_GROUPS");
    }

    @Test
    void apiVersionsHandlerCannotBeReplaced() {
        assertThatThrownBy(() -> ApiRegistry.create(List.of(handler(ApiKeys.API_VERSIONS, 0, 0, 3))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("built in");
    }

    @Test
    void invertedRangeIsRejected() {
        assertThatThrownBy(() -> ApiRegistry.create(List.of(handler(ApiKeys.LIST_GROUPS, 0, 4, 2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minVersion (4) <= maxVersion (2)");
        assertThatThrownBy(() -> ApiRegistry.create(List.of(handler(ApiKeys.LIST_GROUPS, 3, 2, 4))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rangeTheCodecCannotParseIsRejected() {
        assertThatThrownBy(() -> ApiRegistry.create(List.of(handler(ApiKeys.PRODUCE, 0, 0, 13))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kafka-clients can only parse v3-v13");
        assertThatThrownBy(() -> ApiRegistry.create(List.of(handler(ApiKeys.LIST_GROUPS, 0, 0, 99))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
