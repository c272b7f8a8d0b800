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
 * </ul>
 *
 * <p>Thread-safe: immutable. Created only by {@link ApiRegistry#create}.
 */
public final class ApiVersionsHandler implements ApiHandler {

    /** Lowest ApiVersions version served. */
    public static final short MIN_VERSION = ApiKeys.API_VERSIONS.oldestVersion();
    /** Highest ApiVersions version served: the latest stable one kafka-clients knows. */
    public static final short MAX_VERSION = ApiKeys.API_VERSIONS.latestVersion();

    private final List<ApiRegistry.AdvertisedRange> advertised;

    ApiVersionsHandler(List<ApiRegistry.AdvertisedRange> advertised) {
        this.advertised = List.copyOf(advertised);
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
        return Future.succeededFuture(Reply.of(new ApiVersionsResponse(new ApiVersionsResponseData()
                .setErrorCode(Errors.NONE.code())
                .setThrottleTimeMs(0)
                .setApiKeys(ApiRegistry.toCollection(advertised)))));
    }
}
