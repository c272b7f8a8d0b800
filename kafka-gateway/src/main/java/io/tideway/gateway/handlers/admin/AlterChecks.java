package io.tideway.gateway.handlers.admin;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;

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
}
