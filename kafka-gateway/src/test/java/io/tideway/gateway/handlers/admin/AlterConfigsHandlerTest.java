package io.tideway.gateway.handlers.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterConfigsResourceCollection;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterableConfigCollection;
import org.apache.kafka.common.message.AlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AlterConfigsRequest;
import org.apache.kafka.common.requests.AlterConfigsResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AlterConfigsHandlerTest extends AdminHandlerTestBase {

    private final AlterConfigsHandler handler = new AlterConfigsHandler(broker);

    static List<Short> allVersions() {
        return versions(AlterConfigsHandler.MIN_VERSION, AlterConfigsHandler.MAX_VERSION);
    }

    /** A resource with entries given as name, value, name, value... */
    private static AlterConfigsResource resource(ConfigResource.Type type, String name,
            String... entries) {
        AlterableConfigCollection configs = new AlterableConfigCollection();
        for (int i = 0; i < entries.length; i += 2) {
            configs.mustAdd(new AlterableConfig().setName(entries[i]).setValue(entries[i + 1]));
        }
        return new AlterConfigsResource().setResourceType(type.id()).setResourceName(name)
                .setConfigs(configs);
    }

    private AlterConfigsResponse alter(short version, boolean validateOnly,
            AlterConfigsResource... resources) throws Exception {
        AlterConfigsResourceCollection collection = new AlterConfigsResourceCollection();
        for (AlterConfigsResource resource : resources) {
            collection.mustAdd(resource.duplicate());
        }
        AlterConfigsRequestData data = new AlterConfigsRequestData().setResources(collection)
                .setValidateOnly(validateOnly);
        return call(handler, new AlterConfigsRequest(data, version));
    }

    private AlterConfigsResourceResponse only(AlterConfigsResource resource) throws Exception {
        return alter((short) 2, false, resource).data().responses().get(0);
    }

    @ParameterizedTest
    @MethodSource("allVersions")
    void replacesTopicOverrides(short version) throws Exception {
        broker.topics.add("orders", 1, Map.of("retention.ms", "1000"));

        AlterConfigsResponse response = alter(version, false,
                resource(ConfigResource.Type.TOPIC, "orders", "segment.bytes", "2048"));

        AlterConfigsResourceResponse result = response.data().responses().get(0);
        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(result.resourceName()).isEqualTo("orders");
        assertThat(broker.topics.byName("orders").orElseThrow().configOverrides())
                .isEqualTo(Map.of("segment.bytes", "2048"));
    }

    @Test
    void validateOnlyChangesNothing() throws Exception {
        broker.topics.add("orders", 1, Map.of("retention.ms", "1000"));

        AlterConfigsResourceResponse result = alter((short) 2, true,
                resource(ConfigResource.Type.TOPIC, "orders", "retention.ms", "5")).data()
                .responses().get(0);

        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(broker.topics.byName("orders").orElseThrow().configOverrides())
                .containsEntry("retention.ms", "1000");
    }

    @Test
    void brokerResourcesSetTheDynamicOverrides() throws Exception {
        assertThat(only(resource(ConfigResource.Type.BROKER, "", "log.retention.ms", "10"))
                .errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(broker.brokerConfigs.dynamicOverrides()).containsEntry("log.retention.ms", "10");

        assertThat(only(resource(ConfigResource.Type.BROKER, "1", "message.max.bytes", "100"))
                .errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(broker.brokerConfigs.dynamicOverrides())
                .isEqualTo(Map.of("message.max.bytes", "100"));
    }

    @Test
    void brokerNamesOtherThanThisNodeAreInvalidRequest() throws Exception {
        AlterConfigsResponse response = alter((short) 2, false,
                resource(ConfigResource.Type.BROKER, "2", "log.retention.ms", "10"),
                resource(ConfigResource.Type.BROKER, "x", "log.retention.ms", "10"));

        assertThat(response.data().responses()).extracting(AlterConfigsResourceResponse::errorMessage)
                .containsExactly("Unexpected broker id, expected 1, but received 2",
                        "Node id must be an integer, but it is: x");
        assertThat(broker.brokerConfigs.replaced).isEmpty();
    }

    @Test
    void engineRejectionsKeepTheirCodes() throws Exception {
        broker.topics.add("orders", 1, Map.of());

        AlterConfigsResponse response = alter((short) 2, false,
                resource(ConfigResource.Type.BROKER, "", "node.id", "5"),
                resource(ConfigResource.Type.BROKER, "1", "no.such.key", "5"),
                resource(ConfigResource.Type.TOPIC, "orders", "retention.ms", "-7"));

        assertThat(response.data().responses()).extracting(AlterConfigsResourceResponse::errorCode)
                .containsExactly(Errors.INVALID_CONFIG.code(), Errors.INVALID_REQUEST.code(),
                        Errors.INVALID_CONFIG.code());
        assertThat(response.data().responses().get(2).errorMessage()).contains("retention.ms");
    }

    @Test
    void topicNamesAreChecked() throws Exception {
        AlterConfigsResponse response = alter((short) 2, false,
                resource(ConfigResource.Type.TOPIC, "", "retention.ms", "1"),
                resource(ConfigResource.Type.TOPIC, "a/b", "retention.ms", "1"),
                resource(ConfigResource.Type.TOPIC, "missing", "retention.ms", "1"));

        List<AlterConfigsResourceResponse> results = response.data().responses();
        assertThat(results.get(0).errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(results.get(0).errorMessage()).isEqualTo("Default topic resources are not allowed.");
        assertThat(results.get(1).errorCode()).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code());
        assertThat(results.get(2).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(results.get(2).errorMessage()).isEqualTo("The topic 'missing' does not exist.");
    }

    @Test
    void duplicateResourcesKeysAndNullValuesAreInvalidRequest() throws Exception {
        broker.topics.add("orders", 1, Map.of());
        broker.topics.add("other", 1, Map.of());
        AlterConfigsResource twiceKey = resource(ConfigResource.Type.TOPIC, "other");
        twiceKey.configs().add(new AlterableConfig().setName("retention.ms").setValue("1"));
        twiceKey.configs().add(new AlterableConfig().setName("retention.ms").setValue("2"));

        AlterConfigsResponse response = alter((short) 2, false,
                resource(ConfigResource.Type.TOPIC, "orders", "retention.ms", "1"),
                resource(ConfigResource.Type.TOPIC, "orders", "retention.ms", "2"),
                twiceKey,
                resource(ConfigResource.Type.BROKER, "", "log.retention.ms", null));

        assertThat(response.data().responses()).extracting(AlterConfigsResourceResponse::errorCode)
                .containsOnly(Errors.INVALID_REQUEST.code());
        assertThat(response.data().responses()).extracting(AlterConfigsResourceResponse::errorMessage)
                .containsExactly("Each resource must appear at most once.",
                        "Each resource must appear at most once.",
                        "Error due to duplicate config keys",
                        "Null value not supported for : log.retention.ms");
        assertThat(broker.topics.replaced).isEmpty();
    }

    @Test
    void unsupportedResourceTypesAreInvalidRequest() throws Exception {
        AlterConfigsResponse response = alter((short) 2, false,
                resource(ConfigResource.Type.BROKER_LOGGER, "1", "kafka", "DEBUG"),
                resource(ConfigResource.Type.GROUP, "g", "consumer.session.timeout.ms", "1"));

        assertThat(response.data().responses()).extracting(AlterConfigsResourceResponse::errorMessage)
                .containsExactly("Unknown resource type 8",
                        "Resource type GROUP is not supported by this broker");
    }
}
