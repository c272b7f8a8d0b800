package io.tideway.gateway.handlers.admin;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.utils.Utils;

/**
 * The authorized-operation bit fields Metadata, DescribeCluster and DescribeTopicPartitions
 * report. Tideway has no authorizer yet, and Kafka without an authorizer reports every operation
 * its ACL model supports on the resource type (its {@code AuthHelper.authorizedOperations} with
 * {@code authorizer = None}); the sets below are Kafka's {@code AclEntry.supportedOperations}.
 *
 * <p>Thread contract: immutable constants.
 */
final class AuthorizedOperations {

    /** The schema default that tells clients the field was not requested. */
    static final int OMITTED = Integer.MIN_VALUE;

    private static final int TOPIC = bitField(EnumSet.of(AclOperation.READ, AclOperation.WRITE,
            AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.DELETE, AclOperation.ALTER,
            AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS));

    private static final int CLUSTER = bitField(EnumSet.of(AclOperation.CREATE,
            AclOperation.CLUSTER_ACTION, AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS,
            AclOperation.IDEMPOTENT_WRITE, AclOperation.ALTER, AclOperation.DESCRIBE));

    private AuthorizedOperations() {
    }

    /** Every operation on a topic. */
    static int topic() {
        return TOPIC;
    }

    /** Every operation on the cluster. */
    static int cluster() {
        return CLUSTER;
    }

    private static int bitField(Set<AclOperation> operations) {
        return Utils.to32BitField(operations.stream().map(AclOperation::code)
                .collect(Collectors.toSet()));
    }
}
