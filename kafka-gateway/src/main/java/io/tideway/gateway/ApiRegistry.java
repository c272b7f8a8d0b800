package io.tideway.gateway;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersionCollection;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The set of API handlers a listener serves, one per {@link ApiKeys}, and the version ranges it
 * advertises in ApiVersions (always derived from the handlers, never a hard-coded list).
 *
 * <p>ApiVersions itself is built in: every registry serves it with {@link ApiVersionsHandler}
 * (versions 0 up to kafka-clients' latest), so a handler for {@code API_VERSIONS} is rejected.
 * The registry also holds the {@link ApiFeatures} that ApiVersions v3+ advertises.
 *
 * <p>Thread-safe: immutable after {@link #create}.
 */
public final class ApiRegistry {

    private final Map<ApiKeys, ApiHandler> handlers;
    private final List<AdvertisedRange> advertised;
    private final ApiFeatures features;

    private ApiRegistry(Map<ApiKeys, ApiHandler> handlers, List<AdvertisedRange> advertised,
            ApiFeatures features) {
        this.handlers = handlers;
        this.advertised = advertised;
        this.features = features;
    }

    /**
     * Builds a registry from topic-level handlers plus the built-in ApiVersions handler, without
     * features.
     *
     * @throws IllegalArgumentException naming the handler when two handlers serve the same key, a
     *     handler serves ApiVersions, or a handler's version range is not one kafka-clients can
     *     parse
     */
    public static ApiRegistry create(Collection<? extends ApiHandler> apiHandlers) {
        return create(apiHandlers, ApiFeatures.NONE);
    }

    /**
     * Builds a registry as {@link #create(Collection)} does, whose ApiVersions v3+ responses
     * advertise {@code features}.
     *
     * @throws IllegalArgumentException as {@link #create(Collection)}
     */
    public static ApiRegistry create(Collection<? extends ApiHandler> apiHandlers,
            ApiFeatures features) {
        Objects.requireNonNull(features, "features");
        Map<ApiKeys, ApiHandler> byKey = new EnumMap<>(ApiKeys.class);
        for (ApiHandler handler : apiHandlers) {
            validate(handler);
            ApiHandler previous = byKey.putIfAbsent(handler.apiKey(), handler);
            if (previous != null) {
                throw new IllegalArgumentException("Two handlers serve " + handler.apiKey() + ": "
                        + previous.getClass().getName() + " and " + handler.getClass().getName());
            }
        }
        List<AdvertisedRange> ranges = new ArrayList<>();
        ranges.add(new AdvertisedRange(ApiKeys.API_VERSIONS, ApiVersionsHandler.MIN_VERSION,
                ApiVersionsHandler.MAX_VERSION));
        for (ApiHandler handler : byKey.values()) {
            ranges.add(new AdvertisedRange(handler.apiKey(), handler.advertisedMinVersion(),
                    handler.advertisedMaxVersion()));
        }
        ranges.sort((a, b) -> Short.compare(a.apiKey().id, b.apiKey().id));
        List<AdvertisedRange> frozen = List.copyOf(ranges);
        byKey.put(ApiKeys.API_VERSIONS, new ApiVersionsHandler(frozen, features));
        return new ApiRegistry(Collections.unmodifiableMap(byKey), frozen, features);
    }

    private static void validate(ApiHandler handler) {
        String name = handler.getClass().getName();
        ApiKeys key = handler.apiKey();
        if (key == null) {
            throw new IllegalArgumentException(name + " returns a null apiKey()");
        }
        if (key == ApiKeys.API_VERSIONS) {
            throw new IllegalArgumentException(name + " serves ApiVersions, which is built in");
        }
        short advertisedMin = handler.advertisedMinVersion();
        short min = handler.minVersion();
        short advertisedMax = handler.advertisedMaxVersion();
        short max = handler.maxVersion();
        if (advertisedMin < 0 || advertisedMin > min || min > max) {
            throw new IllegalArgumentException(name + " has an invalid range for " + key
                    + ": need 0 <= advertisedMinVersion (" + advertisedMin + ") <= minVersion ("
                    + min + ") <= maxVersion (" + max + ")");
        }
        if (advertisedMax < min || advertisedMax > max) {
            throw new IllegalArgumentException(name + " has an invalid range for " + key
                    + ": need minVersion (" + min + ") <= advertisedMaxVersion (" + advertisedMax
                    + ") <= maxVersion (" + max + ")");
        }
        if (min < key.oldestVersion() || max > key.latestVersion(true)) {
            throw new IllegalArgumentException(name + " accepts " + key + " v" + min + "-v" + max
                    + " but kafka-clients can only parse v" + key.oldestVersion() + "-v"
                    + key.latestVersion(true));
        }
    }

    /** The handler serving {@code apiKey}, if any. */
    public Optional<ApiHandler> handler(ApiKeys apiKey) {
        return Optional.ofNullable(handlers.get(apiKey));
    }

    /** Whether a handler serves {@code apiKey} and accepts {@code version}. */
    public boolean accepts(ApiKeys apiKey, short version) {
        ApiHandler handler = handlers.get(apiKey);
        return handler != null && handler.accepts(version);
    }

    /** The keys served, ApiVersions included. */
    public Set<ApiKeys> apiKeys() {
        return handlers.keySet();
    }

    /** The features ApiVersions v3+ advertises. */
    public ApiFeatures features() {
        return features;
    }

    /** The advertised ranges, sorted by API key id. */
    public List<AdvertisedRange> advertisedRanges() {
        return advertised;
    }

    /** A fresh, mutable ApiVersions collection of the advertised ranges (one per response). */
    public ApiVersionCollection advertisedVersions() {
        return toCollection(advertised);
    }

    static ApiVersionCollection toCollection(List<AdvertisedRange> ranges) {
        ApiVersionCollection collection = new ApiVersionCollection(ranges.size());
        for (AdvertisedRange range : ranges) {
            collection.add(new ApiVersion()
                    .setApiKey(range.apiKey().id)
                    .setMinVersion(range.minVersion())
                    .setMaxVersion(range.maxVersion()));
        }
        return collection;
    }

    /**
     * One advertised ApiVersions entry.
     *
     * @param apiKey the API
     * @param minVersion lowest advertised version
     * @param maxVersion highest advertised version
     */
    public record AdvertisedRange(ApiKeys apiKey, short minVersion, short maxVersion) {
    }
}
