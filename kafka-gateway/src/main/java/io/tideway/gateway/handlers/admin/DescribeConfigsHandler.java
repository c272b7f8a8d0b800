package io.tideway.gateway.handlers.admin;

import io.tideway.broker.Broker;
import io.tideway.broker.BrokerConfigService;
import io.tideway.broker.ConfigEntryView;
import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.DescribeConfigsRequest;
import org.apache.kafka.common.requests.DescribeConfigsResponse;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;

/**
 * DescribeConfigs (API key 32), versions 1-4, for TOPIC and BROKER resources, as Kafka 4.4.0's
 * {@code ConfigHelper} answers it.
 *
 * <ul>
 *   <li>A resource type Kafka does not know fails the whole request with {@code
 *       INVALID_REQUEST}, as Kafka does.
 *   <li>TOPIC: illegal name: {@code INVALID_TOPIC_EXCEPTION}; unknown topic: {@code
 *       UNKNOWN_TOPIC_OR_PARTITION}; else every topic config with its effective value and source.
 *   <li>BROKER: {@code ""} lists the dynamic cluster-wide defaults, this node's id lists the whole
 *       broker configuration; any other name is {@code INVALID_REQUEST}.
 *   <li>BROKER_LOGGER: after Kafka's node-id checks, {@code INVALID_REQUEST}: Tideway logs through
 *       SLF4J and has no run-time logger levels to describe. GROUP and CLIENT_METRICS resources
 *       are {@code INVALID_REQUEST} too (no group or client-metrics configs yet).
 *   <li>{@code configurationKeys} null or empty lists every key; synonyms, types (v3+) and
 *       documentation (v3+) as asked; sensitive values are never sent.
 * </ul>
 *
 * <p>Thread-safe and stateless; never blocks.
 */
final class DescribeConfigsHandler implements ApiHandler {

    static final short MIN_VERSION = 1;
    static final short MAX_VERSION = 4;

    private final Broker broker;

    DescribeConfigsHandler(Broker broker) {
        this.broker = Objects.requireNonNull(broker, "broker");
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CONFIGS;
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
        DescribeConfigsRequestData data = ((DescribeConfigsRequest) request).data();
        for (DescribeConfigsResource resource : data.resources()) {
            if (ConfigResource.Type.forId(resource.resourceType()) == ConfigResource.Type.UNKNOWN) {
                throw new InvalidRequestException("Unexpected resource type "
                        + resource.resourceType() + " for resource " + resource.resourceName());
            }
        }
        boolean synonyms = data.includeSynonyms();
        boolean documentation = request.version() >= 3 && data.includeDocumentation();
        List<Future<DescribeConfigsResult>> results = new ArrayList<>(data.resources().size());
        for (DescribeConfigsResource resource : data.resources()) {
            results.add(describe(resource)
                    .map(entries -> success(resource, entries, synonyms, documentation))
                    .recover(e -> Future.succeededFuture(failure(resource,
                            AdminErrors.toApiError(apiKey(), resource.resourceName(), e)))));
        }
        return Outcomes.settle(results).map(outcomes -> {
            DescribeConfigsResponseData response =
                    new DescribeConfigsResponseData().setThrottleTimeMs(0);
            for (AsyncResult<DescribeConfigsResult> outcome : outcomes) {
                response.results().add(outcome.result());
            }
            return Reply.of(new DescribeConfigsResponse(response));
        });
    }

    /** The entries of one resource, or a failed future with the resource's error. */
    private Future<List<ConfigEntryView>> describe(DescribeConfigsResource resource) {
        String name = resource.resourceName();
        try {
            return switch (ConfigResource.Type.forId(resource.resourceType())) {
                case TOPIC -> describeTopic(name);
                case BROKER -> Future.succeededFuture(describeBroker(name));
                case BROKER_LOGGER -> {
                    ConfigResources.validateDescribedLoggerNode(name, broker.identity().nodeId());
                    throw new InvalidRequestException("BROKER_LOGGER resources are not supported:"
                            + " Tideway has no run-time logger levels");
                }
                default -> throw new InvalidRequestException(
                        ConfigResources.unsupportedType(resource.resourceType()));
            };
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private Future<List<ConfigEntryView>> describeTopic(String name) {
        Topic.validate(name);
        if (broker.topics().byName(name).isEmpty()) {
            // Kafka answers an unknown topic without a message.
            return Future.failedFuture(new UnknownTopicOrPartitionException());
        }
        return Outcomes.call(() -> broker.topics().describeConfigs(name));
    }

    private List<ConfigEntryView> describeBroker(String name) {
        BrokerConfigService configs = broker.brokerConfigs();
        if (!ConfigResources.describedBrokerIsClusterDefault(name, broker.identity().nodeId())) {
            return configs.describe();
        }
        // The cluster-wide default resource lists only the dynamic defaults, as in Kafka.
        Map<String, ConfigEntryView> known = new HashMap<>();
        configs.describe().forEach(entry -> known.put(entry.name(), entry));
        List<ConfigEntryView> entries = new ArrayList<>();
        configs.dynamicOverrides().forEach((key, value) -> {
            ConfigEntryView view = known.get(key);
            entries.add(new ConfigEntryView(key, value, ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG,
                    view != null && view.readOnly(), view != null && view.sensitive(),
                    view == null ? null : view.type(), view == null ? null : view.documentation()));
        });
        return entries;
    }

    private static DescribeConfigsResult success(DescribeConfigsResource resource,
            List<ConfigEntryView> entries, boolean synonyms, boolean documentation) {
        List<String> keys = resource.configurationKeys();
        Set<String> wanted = keys == null || keys.isEmpty() ? null : new HashSet<>(keys);
        List<DescribeConfigsResourceResult> configs = new ArrayList<>(entries.size());
        for (ConfigEntryView entry : entries) {
            if (wanted == null || wanted.contains(entry.name())) {
                configs.add(ConfigEntries.describeEntry(entry, synonyms, documentation));
            }
        }
        return new DescribeConfigsResult()
                .setErrorCode(Errors.NONE.code())
                .setErrorMessage(null)
                .setResourceType(resource.resourceType())
                .setResourceName(resource.resourceName())
                .setConfigs(configs);
    }

    private static DescribeConfigsResult failure(DescribeConfigsResource resource, ApiError error) {
        return new DescribeConfigsResult()
                .setErrorCode(error.error().code())
                .setErrorMessage(error.message())
                .setResourceType(resource.resourceType())
                .setResourceName(resource.resourceName())
                .setConfigs(List.of());
    }
}
