package io.tideway.gateway;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The feature flags (KIP-584) an ApiVersions v3+ response advertises: for each feature the range
 * of levels this broker supports and the level finalized for the cluster, with the epoch of that
 * finalized information. Clients read them to pick protocol behaviour; Kafka 4.x producers, for
 * example, use the KIP-890 transaction protocol only when {@value #TRANSACTION_VERSION} is
 * finalized at level 2 or higher.
 *
 * <p>Thread-safe: immutable value.
 *
 * <p>Invariants: feature names are unique and non-empty; {@code 0 <= minVersion <= maxVersion};
 * a finalized level is 0 (not finalized, not advertised as finalized) or lies in {@code
 * [max(1, minVersion), maxVersion]}; when a level is finalized the epoch is {@code >= 0}, since
 * clients ignore finalized features at the unknown epoch -1 (they keep the highest epoch seen).
 *
 * @param features the features, in advertising order
 * @param finalizedEpoch the epoch of the finalized levels, -1 when none is finalized
 */
public record ApiFeatures(List<Feature> features, long finalizedEpoch) {

    /** Kafka's feature that selects the transaction protocol version (KIP-890). */
    public static final String TRANSACTION_VERSION = "transaction.version";
    /** The highest {@value #TRANSACTION_VERSION} the gateway implements (KIP-890 part 2). */
    public static final short MAX_TRANSACTION_VERSION = 2;
    /** No features: ApiVersions responses carry none and the epoch -1. */
    public static final ApiFeatures NONE = new ApiFeatures(List.of(), -1L);

    /** Copies the features and checks the invariants. */
    public ApiFeatures {
        features = List.copyOf(features);
        Set<String> names = new HashSet<>();
        boolean anyFinalized = false;
        for (Feature feature : features) {
            if (!names.add(feature.name())) {
                throw new IllegalArgumentException("Feature " + feature.name() + " listed twice");
            }
            anyFinalized |= feature.finalizedLevel() > 0;
        }
        if (anyFinalized && finalizedEpoch < 0) {
            throw new IllegalArgumentException("Finalized features need an epoch >= 0, got "
                    + finalizedEpoch);
        }
        if (finalizedEpoch < -1) {
            throw new IllegalArgumentException("finalizedEpoch must be >= -1, got "
                    + finalizedEpoch);
        }
    }

    /**
     * {@value #TRANSACTION_VERSION}, supported from 0 to {@link #MAX_TRANSACTION_VERSION} and
     * finalized at {@code level}.
     *
     * @param level 1 (classic transactions) or 2 (KIP-890: epoch bump per transaction, implicit
     *     partition adds)
     * @param epoch the finalized epoch, {@code >= 0}; a larger epoch than a client saw before
     *     makes it take the new level
     */
    public static ApiFeatures transactionVersion(short level, long epoch) {
        return new ApiFeatures(List.of(new Feature(TRANSACTION_VERSION, (short) 0,
                MAX_TRANSACTION_VERSION, level)), epoch);
    }

    /**
     * One feature.
     *
     * @param name the feature name, for example {@value ApiFeatures#TRANSACTION_VERSION}
     * @param minVersion the lowest supported level
     * @param maxVersion the highest supported level
     * @param finalizedLevel the cluster-wide level, 0 when not finalized
     */
    public record Feature(String name, short minVersion, short maxVersion, short finalizedLevel) {

        /** Checks the ranges. */
        public Feature {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("Feature name must not be empty");
            }
            if (minVersion < 0 || minVersion > maxVersion) {
                throw new IllegalArgumentException("Feature " + name + " needs 0 <= minVersion ("
                        + minVersion + ") <= maxVersion (" + maxVersion + ")");
            }
            if (finalizedLevel != 0
                    && (finalizedLevel < Math.max(1, minVersion) || finalizedLevel > maxVersion)) {
                throw new IllegalArgumentException("Feature " + name + " finalized at level "
                        + finalizedLevel + " outside its supported levels " + minVersion + "-"
                        + maxVersion);
            }
        }
    }
}
