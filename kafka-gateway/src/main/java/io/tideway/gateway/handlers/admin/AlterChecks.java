package io.tideway.gateway.handlers.admin;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.ApiError;

/**
 * The request-level checks Kafka's broker runs on AlterConfigs and IncrementalAlterConfigs before
 * anything is changed ({@code ConfigAdminManager.preprocess}), plus the controller's value-size
 * limit, with Kafka's messages.
 *
 * <p>Thread contract: stateless static helper.
 */
final class AlterChecks {

    /** Kafka stores config values in records whose strings are at most this long. */
    static final int MAX_VALUE_LENGTH = Short.MAX_VALUE;

    private AlterChecks() {
    }

    /**
     * A config resource as a request names it.
     *
     * @param type the resource type id
     * @param name the resource name
     */
    record ResourceKey(byte type, String name) {
    }

    /**
     * The resources named more than once; each copy is answered "Each resource must appear at
     * most once.".
     */
    static Set<ResourceKey> duplicates(List<ResourceKey> resources) {
        Map<ResourceKey, Integer> counts = new HashMap<>();
        resources.forEach(key -> counts.merge(key, 1, Integer::sum));
        Set<ResourceKey> duplicated = new HashSet<>();
        counts.forEach((key, count) -> {
            if (count > 1) {
                duplicated.add(key);
            }
        });
        return duplicated;
    }

    /** The error for a duplicated resource. */
    static InvalidRequestException duplicateResource() {
        return new InvalidRequestException("Each resource must appear at most once.");
    }

    /**
     * Checks one resource's entries.
     *
     * @param names every config key, in request order
     * @param nullValued the keys whose value is null where a value is needed
     * @throws InvalidRequestException for a key given twice or a missing value
     */
    static void checkEntries(List<String> names, List<String> nullValued) {
        if (new HashSet<>(names).size() != names.size()) {
            throw new InvalidRequestException("Error due to duplicate config keys");
        }
        if (!nullValued.isEmpty()) {
            throw new InvalidRequestException("Null value not supported for : "
                    + String.join(", ", nullValued));
        }
    }

    /**
     * Checks the values a change writes.
     *
     * @throws InvalidConfigurationException for a value longer than {@link #MAX_VALUE_LENGTH}
     */
    static void checkValueSizes(Map<String, String> written) {
        for (String value : written.values()) {
            if (value != null && value.length() > MAX_VALUE_LENGTH) {
                throw new InvalidConfigurationException("The configuration value cannot be added "
                        + "because it exceeds the maximum value size of " + MAX_VALUE_LENGTH
                        + " bytes.");
            }
        }
    }

    /**
     * Alters each resource of an AlterConfigs or IncrementalAlterConfigs request: a resource named
     * twice fails with INVALID_REQUEST, the others are altered independently, and every outcome
     * becomes that resource's response entry (in request order). The two APIs' generated classes
     * share no types, hence the functions.
     *
     * @param <R> the request's resource type
     * @param <S> the response's resource type
     */
    static <R, S> Future<List<S>> alterEach(ApiKeys api, Collection<R> resources,
            Function<R, ResourceKey> key, Function<R, String> name,
            Function<R, Future<Void>> alter, BiFunction<R, ApiError, S> response) {
        List<ResourceKey> keys = new ArrayList<>();
        resources.forEach(resource -> keys.add(key.apply(resource)));
        Set<ResourceKey> duplicated = duplicates(keys);
        List<Future<S>> results = new ArrayList<>();
        for (R resource : resources) {
            Future<Void> altered = duplicated.contains(key.apply(resource))
                    ? Future.failedFuture(duplicateResource())
                    : alter.apply(resource);
            results.add(altered.map(done -> response.apply(resource, ApiError.NONE))
                    .recover(e -> Future.succeededFuture(response.apply(resource,
                            AdminErrors.toApiError(api, name.apply(resource), e)))));
        }
        return Outcomes.settle(results).map(outcomes ->
                outcomes.stream().map(AsyncResult::result).toList());
    }
}
