package io.tideway.gateway.handlers.admin;

import io.tideway.broker.Broker;
import io.tideway.broker.BrokerConfigService;
import io.tideway.broker.ConfigEntryView;
import io.tideway.broker.TopicInfo;
import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.admin.AlterConfigOp.OpType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.IncrementalAlterConfigsRequest;
import org.apache.kafka.common.requests.IncrementalAlterConfigsResponse;

/**
 * IncrementalAlterConfigs (API key 44), versions 0-1: SET, DELETE, APPEND and SUBTRACT on TOPIC
 * and BROKER resources, with Kafka 4.4.0's checks and messages.
 *
 * <p>The new override map is computed here ({@link IncrementalConfigOps}) from the current
 * overrides ({@link TopicInfo#configOverrides()}, or {@link BrokerConfigService#dynamicOverrides()}
 * for BROKER, where {@code ""} and this node's id share the single node's dynamic overrides) and
 * then handed to the engine, which validates every key and value and replaces the overrides.
 * APPEND and SUBTRACT take key types and inherited values from the engine's describe.
 *
 * <ul>
 *   <li>A resource named twice, a key given twice, a null value for anything but DELETE, or an
 *       unknown operation: {@code INVALID_REQUEST}.
 *   <li>Resource names and types as in {@link AlterConfigsHandler}; BROKER_LOGGER, after Kafka's
 *       node-id check, is {@code INVALID_REQUEST}: Tideway has no run-time logger levels.
 *   <li>APPEND or SUBTRACT on a key that is not a LIST, or invalid values: {@code INVALID_CONFIG}.
 * </ul>
 *
 * <p>The read of the current overrides and the replacement are two engine calls, so two clients
 * altering one resource at once can lose an update (the engine offers no compare-and-set).
 *
 * <p>Thread-safe and stateless; never blocks.
 */
final class IncrementalAlterConfigsHandler implements ApiHandler {

    static final short MIN_VERSION = 0;
    static final short MAX_VERSION = 1;

    private final Broker broker;

    IncrementalAlterConfigsHandler(Broker broker) {
        this.broker = Objects.requireNonNull(broker, "broker");
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.INCREMENTAL_ALTER_CONFIGS;
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
        IncrementalAlterConfigsRequestData data = ((IncrementalAlterConfigsRequest) request).data();
        return AlterChecks.alterEach(apiKey(), data.resources(), IncrementalAlterConfigsHandler::key,
                AlterConfigsResource::resourceName,
                resource -> alter(resource, data.validateOnly()), IncrementalAlterConfigsHandler::response)
                .map(responses -> {
                    IncrementalAlterConfigsResponseData response = new IncrementalAlterConfigsResponseData().setThrottleTimeMs(0);
                    response.responses().addAll(responses);
                    return Reply.of(new IncrementalAlterConfigsResponse(response));
                });
    }

    private Future<Void> alter(AlterConfigsResource resource, boolean validateOnly) {
        try {
            List<IncrementalConfigOps.Op> ops = operations(resource);
            String name = resource.resourceName();
            int nodeId = broker.identity().nodeId();
            return switch (ConfigResource.Type.forId(resource.resourceType())) {
                case BROKER -> {
                    ConfigResources.validateAlteredBroker(name, nodeId);
                    yield alterBroker(ops, validateOnly);
                }
                case TOPIC -> {
                    ConfigResources.validateAlteredTopic(name);
                    TopicInfo topic = broker.topics().byName(name).orElseThrow(() ->
                            new UnknownTopicOrPartitionException(
                                    "The topic '" + name + "' does not exist."));
                    yield alterTopic(topic, ops, validateOnly);
                }
                case BROKER_LOGGER -> {
                    ConfigResources.validateAlteredLoggerNode(name, nodeId);
                    throw new InvalidRequestException("BROKER_LOGGER resources are not supported:"
                            + " Tideway has no run-time logger levels");
                }
                case GROUP, CLIENT_METRICS -> throw new InvalidRequestException(
                        ConfigResources.unsupportedType(resource.resourceType()));
                default -> throw new InvalidRequestException(
                        "Unknown resource type " + resource.resourceType());
            };
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private Future<Void> alterBroker(List<IncrementalConfigOps.Op> ops, boolean validateOnly) {
        BrokerConfigService configs = broker.brokerConfigs();
        Map<String, IncrementalConfigOps.KeyInfo> known = IncrementalConfigOps.needsKeyInfo(ops)
                ? keyInfo(configs.describe()) : Map.of();
        Map<String, String> overrides = IncrementalConfigOps.apply(configs.dynamicOverrides(), ops,
                known::get);
        AlterChecks.checkValueSizes(overrides);
        return Outcomes.call(() -> configs.replaceDynamic(overrides, validateOnly));
    }

    private Future<Void> alterTopic(TopicInfo topic, List<IncrementalConfigOps.Op> ops,
            boolean validateOnly) {
        Future<Map<String, IncrementalConfigOps.KeyInfo>> known = IncrementalConfigOps
                .needsKeyInfo(ops)
                ? Outcomes.call(() -> broker.topics().describeConfigs(topic.name()))
                        .map(IncrementalAlterConfigsHandler::keyInfo)
                : Future.succeededFuture(Map.of());
        return known.compose(info -> {
            Map<String, String> overrides = IncrementalConfigOps.apply(topic.configOverrides(),
                    ops, info::get);
            AlterChecks.checkValueSizes(overrides);
            return Outcomes.call(() -> broker.topics()
                    .replaceConfigs(topic.name(), overrides, validateOnly)).mapEmpty();
        });
    }

    /** The operations, after Kafka's duplicate-key, null-value and operation-type checks. */
    private static List<IncrementalConfigOps.Op> operations(AlterConfigsResource resource) {
        List<String> names = new ArrayList<>();
        List<String> nullValued = new ArrayList<>();
        for (AlterableConfig config : resource.configs()) {
            names.add(config.name());
            if (config.configOperation() != OpType.DELETE.id() && config.value() == null) {
                nullValued.add(config.name());
            }
        }
        AlterChecks.checkEntries(names, nullValued);
        List<IncrementalConfigOps.Op> ops = new ArrayList<>();
        for (AlterableConfig config : resource.configs()) {
            OpType type = OpType.forId(config.configOperation());
            if (type == null) {
                throw new InvalidRequestException(
                        "Unknown operations type " + config.configOperation());
            }
            ops.add(new IncrementalConfigOps.Op(config.name(), type, config.value()));
        }
        return ops;
    }

    private static Map<String, IncrementalConfigOps.KeyInfo> keyInfo(List<ConfigEntryView> views) {
        Map<String, IncrementalConfigOps.KeyInfo> info = new HashMap<>();
        for (ConfigEntryView view : views) {
            info.put(view.name(), new IncrementalConfigOps.KeyInfo(view.type(), view.value()));
        }
        return info;
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
