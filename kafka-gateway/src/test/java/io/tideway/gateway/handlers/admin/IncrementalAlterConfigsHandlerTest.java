package io.tideway.gateway.handlers.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AlterConfigOp.OpType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResourceCollection;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.IncrementalAlterConfigsRequest;
import org.apache.kafka.common.requests.IncrementalAlterConfigsResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class IncrementalAlterConfigsHandlerTest extends AdminHandlerTestBase {

    private final IncrementalAlterConfigsHandler handler = new IncrementalAlterConfigsHandler(broker);

    static List<Short> allVersions() {
        return versions(IncrementalAlterConfigsHandler.MIN_VERSION,
                IncrementalAlterConfigsHandler.MAX_VERSION);
    }

    private static AlterableConfig op(String name, OpType type, String value) {
        return op(name, type.id(), value);
    }

    private static AlterableConfig op(String name, byte type, String value) {
        return new AlterableConfig().setName(name).setConfigOperation(type).setValue(value);
    }

    private static AlterConfigsResource resource(ConfigResource.Type type, String name,
            AlterableConfig... ops) {
        AlterConfigsResource resource = new AlterConfigsResource().setResourceType(type.id())
                .setResourceName(name);
        for (AlterableConfig op : ops) {
            resource.configs().add(op.duplicate());
        }
        return resource;
    }

    private IncrementalAlterConfigsResponse alter(short version, boolean validateOnly,
            AlterConfigsResource... resources) throws Exception {
        AlterConfigsResourceCollection collection = new AlterConfigsResourceCollection();
        for (AlterConfigsResource resource : resources) {
            collection.add(resource.duplicate());
        }
        IncrementalAlterConfigsRequestData data = new IncrementalAlterConfigsRequestData()
                .setResources(collection).setValidateOnly(validateOnly);
        return call(handler, new IncrementalAlterConfigsRequest(data, version));
    }

    private AlterConfigsResourceResponse only(AlterConfigsResource resource) throws Exception {
        return alter((short) 1, false, resource).data().responses().get(0);
    }

    private Map<String, String> overrides(String topic) {
        return broker.topics.byName(topic).orElseThrow().configOverrides();
    }

    @ParameterizedTest
    @MethodSource("allVersions")
    void setAndDeleteChangeOnlyTheNamedKeys(short version) throws Exception {
        broker.topics.add("orders", 1, Map.of("retention.ms", "1000", "segment.bytes", "4096"));

        IncrementalAlterConfigsResponse response = alter(version, false,
                resource(ConfigResource.Type.TOPIC, "orders",
                        op("retention.ms", OpType.SET, "2000"),
                        op("segment.bytes", OpType.DELETE, null)));

        assertThat(response.data().responses().get(0).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(overrides("orders")).isEqualTo(Map.of("retention.ms", "2000"));
    }

    @Test
    void appendStartsFromTheInheritedValueAndSkipsPresentValues() throws Exception {
        broker.topics.add("orders", 1, Map.of());

        assertThat(only(resource(ConfigResource.Type.TOPIC, "orders",
                op("cleanup.policy", OpType.APPEND, "compact,delete"))).errorCode())
                .isEqualTo(Errors.NONE.code());

        assertThat(overrides("orders")).containsEntry("cleanup.policy", "delete,compact");
    }

    @Test
    void subtractRemovesFromTheOverride() throws Exception {
        broker.topics.add("orders", 1, Map.of("cleanup.policy", "delete,compact"));

        only(resource(ConfigResource.Type.TOPIC, "orders",
                op("cleanup.policy", OpType.SUBTRACT, "delete")));

        assertThat(overrides("orders")).containsEntry("cleanup.policy", "compact");
    }

    @Test
    void appendAndSubtractNeedListKeys() throws Exception {
        broker.topics.add("orders", 1, Map.of());

        IncrementalAlterConfigsResponse response = alter((short) 1, false,
                resource(ConfigResource.Type.TOPIC, "orders",
                        op("retention.ms", OpType.APPEND, "1")),
                resource(ConfigResource.Type.BROKER, "",
                        op("no.such.key", OpType.SUBTRACT, "1")));

        assertThat(response.data().responses()).extracting(AlterConfigsResourceResponse::errorCode)
                .containsOnly(Errors.INVALID_CONFIG.code());
        assertThat(response.data().responses()).extracting(AlterConfigsResourceResponse::errorMessage)
                .containsExactly("Can't APPEND to key retention.ms because its type is not LIST.",
                        "Can't SUBTRACT to key no.such.key because its type is not LIST.");
        assertThat(overrides("orders")).isEmpty();
    }

    @Test
    void brokerResourcesAlterTheDynamicOverrides() throws Exception {
        await(broker.brokerConfigs.replaceDynamic(Map.of("message.max.bytes", "100"), false));

        AlterConfigsResourceResponse result = only(resource(ConfigResource.Type.BROKER, "1",
                op("log.cleanup.policy", OpType.APPEND, "compact"),
                op("log.retention.ms", OpType.SET, "60000")));

        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(broker.brokerConfigs.dynamicOverrides()).isEqualTo(Map.of(
                "message.max.bytes", "100", "log.cleanup.policy", "delete,compact",
                "log.retention.ms", "60000"));
    }

    @Test
    void validateOnlyChangesNothing() throws Exception {
        broker.topics.add("orders", 1, Map.of());

        IncrementalAlterConfigsResponse response = alter((short) 1, true,
                resource(ConfigResource.Type.TOPIC, "orders", op("retention.ms", OpType.SET, "5")),
                resource(ConfigResource.Type.BROKER, "", op("log.retention.ms", OpType.SET, "5")));

        assertThat(response.data().responses()).extracting(AlterConfigsResourceResponse::errorCode)
                .containsOnly(Errors.NONE.code());
        assertThat(overrides("orders")).isEmpty();
        assertThat(broker.brokerConfigs.dynamicOverrides()).isEmpty();
    }

    @Test
    void malformedEntriesAreInvalidRequest() throws Exception {
        broker.topics.add("orders", 1, Map.of());

        IncrementalAlterConfigsResponse response = alter((short) 1, false,
                resource(ConfigResource.Type.TOPIC, "orders", op("retention.ms", OpType.SET, null)),
                resource(ConfigResource.Type.BROKER, "",
                        op("log.retention.ms", OpType.SET, "1"),
                        op("log.retention.ms", OpType.DELETE, null)),
                resource(ConfigResource.Type.BROKER, "1", op("log.retention.ms", (byte) 9, "1")));

        assertThat(response.data().responses()).extracting(AlterConfigsResourceResponse::errorCode)
                .containsOnly(Errors.INVALID_REQUEST.code());
        assertThat(response.data().responses()).extracting(AlterConfigsResourceResponse::errorMessage)
                .containsExactly("Null value not supported for : retention.ms",
                        "Error due to duplicate config keys", "Unknown operations type 9");
    }

    @Test
    void deleteNeedsNoValue() throws Exception {
        broker.topics.add("orders", 1, Map.of("retention.ms", "5"));

        assertThat(only(resource(ConfigResource.Type.TOPIC, "orders",
                op("retention.ms", OpType.DELETE, null))).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(overrides("orders")).isEmpty();
    }

    @Test
    void resourceNamesAndTypesAreChecked() throws Exception {
        IncrementalAlterConfigsResponse response = alter((short) 1, false,
                resource(ConfigResource.Type.TOPIC, "missing", op("retention.ms", OpType.SET, "1")),
                resource(ConfigResource.Type.BROKER, "7", op("log.retention.ms", OpType.SET, "1")),
                resource(ConfigResource.Type.BROKER_LOGGER, "1", op("root", OpType.SET, "DEBUG")),
                resource(ConfigResource.Type.BROKER_LOGGER, "x", op("root", OpType.SET, "DEBUG")),
                resource(ConfigResource.Type.CLIENT_METRICS, "m", op("interval.ms", OpType.SET, "1")));

        List<AlterConfigsResourceResponse> results = response.data().responses();
        assertThat(results.get(0).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(results.get(0).errorMessage()).isEqualTo("The topic 'missing' does not exist.");
        assertThat(results.get(1).errorMessage())
                .isEqualTo("Unexpected broker id, expected 1, but received 7");
        assertThat(results.get(2).errorMessage()).contains("BROKER_LOGGER resources are not supported");
        assertThat(results.get(3).errorMessage()).isEqualTo("Node id must be an integer, but it is: x");
        assertThat(results.get(4).errorMessage())
                .isEqualTo("Resource type CLIENT_METRICS is not supported by this broker");
        assertThat(results.subList(1, 5)).extracting(AlterConfigsResourceResponse::errorCode)
                .containsOnly(Errors.INVALID_REQUEST.code());
    }

    @Test
    void describeFailureDuringAppendFailsThatResourceOnly() throws Exception {
        broker.topics.add("orders", 1, Map.of());
        broker.topics.failDescribe(new KafkaStorageException("store down"));

        IncrementalAlterConfigsResponse response = alter((short) 1, false,
                resource(ConfigResource.Type.TOPIC, "orders", op("cleanup.policy", OpType.APPEND,
                        "compact")),
                resource(ConfigResource.Type.BROKER, "", op("log.retention.ms", OpType.SET, "1")));

        assertThat(response.data().responses().get(0).errorCode())
                .isEqualTo(Errors.KAFKA_STORAGE_ERROR.code());
        assertThat(response.data().responses().get(1).errorCode()).isEqualTo(Errors.NONE.code());
    }

    @Test
    void appendBeyondTheValueSizeLimitIsInvalidConfig() throws Exception {
        broker.topics.add("orders", 1, Map.of("cleanup.policy", "a".repeat(32_000)));

        AlterConfigsResourceResponse result = only(resource(ConfigResource.Type.TOPIC, "orders",
                op("cleanup.policy", OpType.APPEND, "b".repeat(1_000))));

        assertThat(result.errorCode()).isEqualTo(Errors.INVALID_CONFIG.code());
        assertThat(result.errorMessage()).isEqualTo("The configuration value cannot be added "
                + "because it exceeds the maximum value size of 32767 bytes.");
        assertThat(broker.topics.replaced).isEmpty();
    }
}
