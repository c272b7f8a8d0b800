package io.tideway.gateway;

import io.vertx.core.Future;
import java.util.List;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;

/**
 * The built-in ApiVersions handler: advertises exactly the ranges of the {@link ApiRegistry} it
 * belongs to.
 *
 * <ul>
 *   <li>A supported version is answered with error NONE and every advertised range.
 *   <li>KIP-511: a version this broker does not know (typically a newer client) is answered at
 *       v0 with UNSUPPORTED_VERSION and the advertised ranges, so the client retries with the
 *       highest ApiVersions version listed. The gateway routes such requests here without parsing
 *       their body and encodes the reply at v0 with a v0 response header.
 *   <li>v3+: client software name and version must match {@code [a-zA-Z0-9](?:[a-zA-Z0-9\-.]*
 *       [a-zA-Z0-9])?}; otherwise INVALID_REQUEST, as Apache Kafka answers.
 *   <li>v3+: the registry's {@link ApiFeatures}: supported levels (at v3 only features whose
 *       lowest level is above 0, as Kafka does for older clients that cannot parse a 0, see
 *       KAFKA-17011), the finalized levels (minimum and maximum level both the finalized one)
 *       and their epoch.
 * </ul>
 *
 * <p>Thread-safe: immutable. Created only by {@link ApiRegistry#create}.
 */
public final class ApiVersionsHandler implements ApiHandler {

    /** Lowest ApiVersions version served. */
    public static final short MIN_VERSION = ApiKeys.API_VERSIONS.oldestVersion();
    /** Highest ApiVersions version served: the latest stable one kafka-clients knows. */
    public static final short MAX_VERSION = ApiKeys.API_VERSIONS.latestVersion();

    /** The first version whose supported features may include a lowest level of 0. */
    private static final short MIN_LEVEL_ZERO_VERSION = 4;
    /** The first version that carries features. */
    private static final short FEATURES_VERSION = 3;

    private final List<ApiRegistry.AdvertisedRange> advertised;
    private final ApiFeatures features;

    ApiVersionsHandler(List<ApiRegistry.AdvertisedRange> advertised, ApiFeatures features) {
        this.advertised = List.copyOf(advertised);
        this.features = features;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.API_VERSIONS;
    }

    @Override
    public short minVersion() {
        return MIN_VERSION;
    }

    @Override
    public short maxVersion() {
        return MAX_VERSION;
    }

    @Override
    public Future<Reply> handle(RequestContext context, AbstractRequest request) {
        ApiVersionsRequest apiVersions = (ApiVersionsRequest) request;
        if (apiVersions.hasUnsupportedRequestVersion()) {
            return Future.succeededFuture(Reply.of(new ApiVersionsResponse(new ApiVersionsResponseData()
                    .setErrorCode(Errors.UNSUPPORTED_VERSION.code())
                    .setApiKeys(ApiRegistry.toCollection(advertised)))));
        }
        if (!apiVersions.isValid()) {
            return Future.succeededFuture(Reply.of(
                    apiVersions.getErrorResponse(0, Errors.INVALID_REQUEST.exception())));
        }
        ApiVersionsResponseData data = new ApiVersionsResponseData()
                .setErrorCode(Errors.NONE.code())
                .setThrottleTimeMs(0)
                .setApiKeys(ApiRegistry.toCollection(advertised));
        if (context.responseVersion() >= FEATURES_VERSION) {
            addFeatures(data, context.responseVersion());
        }
        return Future.succeededFuture(Reply.of(new ApiVersionsResponse(data)));
    }

    private void addFeatures(ApiVersionsResponseData data, short version) {
        var supported = new ApiVersionsResponseData.SupportedFeatureKeyCollection();
        var finalized = new ApiVersionsResponseData.FinalizedFeatureKeyCollection();
        for (ApiFeatures.Feature feature : features.features()) {
            if (version >= MIN_LEVEL_ZERO_VERSION || feature.minVersion() > 0) {
                supported.add(new ApiVersionsResponseData.SupportedFeatureKey()
                        .setName(feature.name())
                        .setMinVersion(feature.minVersion())
                        .setMaxVersion(feature.maxVersion()));
            }
            if (feature.finalizedLevel() > 0) {
                finalized.add(new ApiVersionsResponseData.FinalizedFeatureKey()
                        .setName(feature.name())
                        .setMinVersionLevel(feature.finalizedLevel())
                        .setMaxVersionLevel(feature.finalizedLevel()));
            }
        }
        data.setSupportedFeatures(supported)
                .setFinalizedFeaturesEpoch(features.finalizedEpoch())
                .setFinalizedFeatures(finalized);
    }
}
