package io.tideway.gateway.handlers.admin;

import io.tideway.broker.Broker;
import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.AlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AlterConfigsRequest;
import org.apache.kafka.common.requests.AlterConfigsResponse;
import org.apache.kafka.common.requests.ApiError;

/**
 * AlterConfigs (API key 33, the legacy, non-incremental form), versions 0-2: the resource's
 * overrides become exactly the given entries. TOPIC and BROKER resources, with Kafka 4.4.0's
 * checks and messages.
 *
 * <ul>
 *   <li>A resource named twice: {@code INVALID_REQUEST} for every copy; a key given twice or a
 *       null value: {@code INVALID_REQUEST}.
 *   <li>BROKER: {@code ""} or this node's id ({@code INVALID_REQUEST} otherwise); both set the
 *       engine's dynamic broker overrides, since a single node's per-broker and cluster-wide
 *       dynamic configs are the same thing. The engine rejects keys that are not dynamic.
 *   <li>TOPIC: the default resource {@code ""} is {@code INVALID_REQUEST}, an illegal name {@code
 *       INVALID_TOPIC_EXCEPTION}, an unknown topic {@code UNKNOWN_TOPIC_OR_PARTITION}.
 *   <li>Invalid keys or values: {@code INVALID_CONFIG} with the engine's message naming them.
 *   <li>BROKER_LOGGER and unknown types: {@code INVALID_REQUEST} "Unknown resource type N", as in
 *       Kafka (legacy AlterConfigs never supported loggers); GROUP and CLIENT_METRICS: {@code
 *       INVALID_REQUEST}, not supported by Tideway yet.
 *   <li>{@code validateOnly} validates without changing anything.
 * </ul>
 *
 * <p>Thread-safe and stateless; never blocks.
 */
final class AlterConfigsHandler implements ApiHandler {

    static final short MIN_VERSION = 0;
    static final short MAX_VERSION = 2;

    private final Broker broker;

    AlterConfigsHandler(Broker broker) {
        this.broker = Objects.requireNonNull(broker, "broker");
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ALTER_CONFIGS;
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
        AlterConfigsRequestData data = ((AlterConfigsRequest) request).data();
        return AlterChecks.alterEach(apiKey(), data.resources(), AlterConfigsHandler::key,
                AlterConfigsResource::resourceName,
                resource -> alter(resource, data.validateOnly()), AlterConfigsHandler::response)
                .map(responses -> {
                    AlterConfigsResponseData response = new AlterConfigsResponseData().setThrottleTimeMs(0);
                    response.responses().addAll(responses);
                    return Reply.of(new AlterConfigsResponse(response));
                });
    }

    private Future<Void> alter(AlterConfigsResource resource, boolean validateOnly) {
        try {
            Map<String, String> configs = entries(resource);
            String name = resource.resourceName();
            switch (ConfigResource.Type.forId(resource.resourceType())) {
                case BROKER -> {
                    ConfigResources.validateAlteredBroker(name, broker.identity().nodeId());
                    return Outcomes.call(() -> broker.brokerConfigs()
                            .replaceDynamic(configs, validateOnly));
                }
                case TOPIC -> {
                    ConfigResources.validateAlteredTopic(name);
                    if (broker.topics().byName(name).isEmpty()) {
                        throw new UnknownTopicOrPartitionException(
                                "The topic '" + name + "' does not exist.");
                    }
                    return Outcomes.call(() -> broker.topics()
                            .replaceConfigs(name, configs, validateOnly)).mapEmpty();
                }
                case GROUP, CLIENT_METRICS -> throw new InvalidRequestException(
                        ConfigResources.unsupportedType(resource.resourceType()));
                default -> throw new InvalidRequestException(
                        "Unknown resource type " + resource.resourceType());
            }
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /** The requested entries, after Kafka's duplicate-key and null-value checks. */
    private static Map<String, String> entries(AlterConfigsResource resource) {
        List<String> names = new ArrayList<>();
        List<String> nullValued = new ArrayList<>();
        Map<String, String> configs = new LinkedHashMap<>();
        for (AlterableConfig config : resource.configs()) {
            names.add(config.name());
            if (config.value() == null) {
                nullValued.add(config.name());
            }
            configs.put(config.name(), config.value());
        }
        AlterChecks.checkEntries(names, nullValued);
        return configs;
    }

    private static AlterChecks.ResourceKey key(AlterConfigsResource resource) {
        return new AlterChecks.ResourceKey(resource.resourceType(), resource.resourceName());
    }

    private static AlterConfigsResourceResponse response(AlterConfigsResource resource,
            ApiError error) {
        return new AlterConfigsResourceResponse()
                .setErrorCode(error.error().code())
                .setErrorMessage(error.message())
                .setResourceType(resource.resourceType())
                .setResourceName(resource.resourceName());
    }
}
