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
    void handlerMayAcceptAVersionItDoesNotAdvertiseLikeInitProducerIdV6() {
        ApiRegistry registry = ApiRegistry.create(List.of(
                handler(ApiKeys.INIT_PRODUCER_ID, 0, 0, 6).advertisingUpTo(5)));
        assertThat(registry.advertisedVersions().find(ApiKeys.INIT_PRODUCER_ID.id).maxVersion())
                .isEqualTo((short) 5);
        assertThat(registry.accepts(ApiKeys.INIT_PRODUCER_ID, (short) 6)).isTrue();
    }

    @Test
    void advertisedMaximumMustLieInTheAcceptedRange() {
        assertThatThrownBy(() -> ApiRegistry.create(List.of(
                handler(ApiKeys.INIT_PRODUCER_ID, 0, 2, 6).advertisingUpTo(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("advertisedMaxVersion (1)");
        assertThatThrownBy(() -> ApiRegistry.create(List.of(
                handler(ApiKeys.INIT_PRODUCER_ID, 0, 0, 5).advertisingUpTo(6))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void featuresAreKeptAndDefaultToNone() {
        ApiFeatures features = ApiFeatures.transactionVersion((short) 2, 7L);
        assertThat(ApiRegistry.create(List.of(), features).features()).isEqualTo(features);
        assertThat(ApiRegistry.create(List.of()).features()).isEqualTo(ApiFeatures.NONE);
    }

    @Test
    void featuresAreValidated() {
        assertThatThrownBy(() -> ApiFeatures.transactionVersion((short) 3, 1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside its supported levels 0-2");
        assertThatThrownBy(() -> ApiFeatures.transactionVersion((short) 2, -1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("epoch >= 0");
        ApiFeatures.Feature feature = new ApiFeatures.Feature("f", (short) 1, (short) 1,
                (short) 0);
        assertThatThrownBy(() -> new ApiFeatures(List.of(feature, feature), -1L))
                .hasMessageContaining("listed twice");
        assertThatThrownBy(() -> new ApiFeatures.Feature("g", (short) 2, (short) 1, (short) 0))
                .isInstanceOf(IllegalArgumentException.class);
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
