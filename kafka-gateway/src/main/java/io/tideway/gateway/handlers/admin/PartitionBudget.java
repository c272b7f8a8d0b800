package io.tideway.gateway.handlers.admin;

import org.apache.kafka.common.errors.PolicyViolationException;

/**
 * Kafka's cap on the partitions one CreateTopics or CreatePartitions request may create: its
 * controller refuses a request asking for more than 10,000 with POLICY_VIOLATION "Excessively
 * large number of partitions per request." for every topic, creating none. Without it one request
 * could make the broker create millions of partition directories.
 *
 * <p>Thread-safe: stateless.
 */
final class PartitionBudget {

    /** Kafka's {@code ReplicationControlManager.MAX_PARTITIONS_PER_BATCH}. */
    static final int MAX_PARTITIONS_PER_REQUEST = 10_000;

    private PartitionBudget() {
    }

    /**
     * @param partitions the partitions the whole request would create
     * @throws PolicyViolationException when they exceed {@link #MAX_PARTITIONS_PER_REQUEST}; the
     *     handler's caller answers every topic with it
     */
    static void check(long partitions) {
        if (partitions > MAX_PARTITIONS_PER_REQUEST) {
            throw new PolicyViolationException(
                    "Excessively large number of partitions per request.");
        }
    }
}
