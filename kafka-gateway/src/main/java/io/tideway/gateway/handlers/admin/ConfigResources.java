package io.tideway.gateway.handlers.admin;

import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.internals.Topic;

/**
 * Checks of config resource names shared by DescribeConfigs, AlterConfigs and
 * IncrementalAlterConfigs, with Kafka's messages (which differ slightly between the describe and
 * the alter paths, as in Kafka).
 *
 * <p>Thread contract: stateless static helper.
 */
final class ConfigResources {

    private ConfigResources() {
    }

    /**
     * DescribeConfigs on BROKER: {@code ""} (the cluster-wide defaults) or this node's id.
     *
     * @return whether the name is {@code ""}
     * @throws InvalidRequestException for any other name
     */
    static boolean describedBrokerIsClusterDefault(String name, int nodeId) {
        if (name == null || name.isEmpty()) {
            return true;
        }
        int id = parse(name, "Broker id must be an integer, but it is: ");
        if (id != nodeId) {
            throw new InvalidRequestException("Unexpected broker id, expected " + nodeId
                    + " or empty string, but received " + name);
        }
        return false;
    }

    /**
     * DescribeConfigs on BROKER_LOGGER: the name must be this node's id.
     *
     * @throws InvalidRequestException otherwise
     */
    static void validateDescribedLoggerNode(String name, int nodeId) {
        if (name == null || name.isEmpty()) {
            throw new InvalidRequestException("Broker id must not be empty");
        }
        int id = parse(name, "Broker id must be an integer, but it is: ");
        if (id != nodeId) {
            throw new InvalidRequestException("Unexpected broker id, expected " + nodeId
                    + " but received " + name);
        }
    }

    /**
     * AlterConfigs and IncrementalAlterConfigs on BROKER: {@code ""} or this node's id.
     *
     * @throws InvalidRequestException for any other name
     */
    static void validateAlteredBroker(String name, int nodeId) {
        if (name == null || name.isEmpty()) {
            return;
        }
        int id = parse(name, "Node id must be an integer, but it is: ");
        if (id != nodeId) {
            throw new InvalidRequestException("Unexpected broker id, expected " + nodeId
                    + ", but received " + name);
        }
    }

    /**
     * IncrementalAlterConfigs on BROKER_LOGGER: the name must be this node's id.
     *
     * @throws InvalidRequestException otherwise
     */
    static void validateAlteredLoggerNode(String name, int nodeId) {
        int id = parse(name == null ? "" : name, "Node id must be an integer, but it is: ");
        if (id != nodeId) {
            throw new InvalidRequestException("Unexpected broker id, expected " + nodeId
                    + ", but received " + name);
        }
    }

    /**
     * AlterConfigs and IncrementalAlterConfigs on TOPIC: a legal topic name; the default topic
     * resource ({@code ""}) cannot be altered.
     *
     * @throws InvalidRequestException for {@code ""}
     * @throws org.apache.kafka.common.errors.InvalidTopicException for an illegal name
     */
    static void validateAlteredTopic(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidRequestException("Default topic resources are not allowed.");
        }
        Topic.validate(name);
    }

    /** The message for a resource type Tideway does not serve. */
    static String unsupportedType(byte typeId) {
        ConfigResource.Type type = ConfigResource.Type.forId(typeId);
        if (type == ConfigResource.Type.UNKNOWN) {
            return "Unknown resource type " + typeId;
        }
        return "Resource type " + type + " is not supported by this broker";
    }

    private static int parse(String name, String message) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(message + name);
        }
    }
}
