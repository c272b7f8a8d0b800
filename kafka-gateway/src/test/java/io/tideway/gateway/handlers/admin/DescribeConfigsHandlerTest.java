package io.tideway.gateway.handlers.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeConfigsRequest;
import org.apache.kafka.common.requests.DescribeConfigsResponse;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DescribeConfigsHandlerTest extends AdminHandlerTestBase {

    private final DescribeConfigsHandler handler = new DescribeConfigsHandler(broker);

    static List<Short> allVersions() {
        return versions(DescribeConfigsHandler.MIN_VERSION, DescribeConfigsHandler.MAX_VERSION);
    }

    private static DescribeConfigsResource resource(ConfigResource.Type type, String name,
            String... keys) {
        return new DescribeConfigsResource().setResourceType(type.id()).setResourceName(name)
                .setConfigurationKeys(keys.length == 0 ? null : List.of(keys));
    }

    private DescribeConfigsResponse describe(short version, boolean synonyms,
            boolean documentation, DescribeConfigsResource... resources) throws Exception {
        DescribeConfigsRequestData data = new DescribeConfigsRequestData()
                .setResources(List.of(resources)).setIncludeSynonyms(synonyms);
        if (version >= 3) {
            data.setIncludeDocumentation(documentation);
        }
        return call(handler, new DescribeConfigsRequest(data, version));
    }

    private DescribeConfigsResult only(DescribeConfigsResource resource) throws Exception {
        return describe((short) 4, false, false, resource).data().results().get(0);
    }

    private static DescribeConfigsResourceResult entry(DescribeConfigsResult result, String name) {
        return result.configs().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no entry " + name));
    }

    @ParameterizedTest
    @MethodSource("allVersions")
    void topicConfigsWithSourcesTypesAndDocumentation(short version) throws Exception {
        broker.topics.add("orders", 1, Map.of("retention.ms", "1000"));

        DescribeConfigsResult result = describe(version, true, true,
                resource(ConfigResource.Type.TOPIC, "orders")).data().results().get(0);

        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(result.resourceName()).isEqualTo("orders");
        assertThat(result.configs()).hasSize(FakeTopicService.CONFIGS.names().size());
        DescribeConfigsResourceResult retention = entry(result, "retention.ms");
        assertThat(retention.value()).isEqualTo("1000");
        assertThat(retention.configSource()).isEqualTo(ConfigSource.TOPIC_CONFIG.id());
        assertThat(retention.synonyms()).singleElement().satisfies(synonym -> {
            assertThat(synonym.name()).isEqualTo("retention.ms");
            assertThat(synonym.source()).isEqualTo(ConfigSource.TOPIC_CONFIG.id());
        });
        assertThat(entry(result, "cleanup.policy").configSource())
                .isEqualTo(ConfigSource.DEFAULT_CONFIG.id());
        if (version >= 3) {
            assertThat(retention.configType()).isEqualTo(ConfigType.LONG.id());
            assertThat(entry(result, "cleanup.policy").configType()).isEqualTo(ConfigType.LIST.id());
            assertThat(retention.documentation()).isEqualTo("How long to keep data.");
        }
    }

    @Test
    void synonymsAndDocumentationOnlyWhenAsked() throws Exception {
        broker.topics.add("orders", 1, Map.of());

        DescribeConfigsResult result = only(resource(ConfigResource.Type.TOPIC, "orders"));

        assertThat(result.configs()).allSatisfy(entry -> {
            assertThat(entry.synonyms()).isEmpty();
            assertThat(entry.documentation()).isNull();
        });
    }

    @Test
    void configurationKeysSelectEntries() throws Exception {
        broker.topics.add("orders", 1, Map.of());

        DescribeConfigsResult result = only(resource(ConfigResource.Type.TOPIC, "orders",
                "retention.ms", "no.such.key"));

        assertThat(result.configs()).extracting(DescribeConfigsResourceResult::name)
                .containsExactly("retention.ms");
    }

    @Test
    void unknownAndIllegalTopicsFailPerResource() throws Exception {
        broker.topics.add("orders", 1, Map.of());

        DescribeConfigsResponse response = describe((short) 4, false, false,
                resource(ConfigResource.Type.TOPIC, "missing"),
                resource(ConfigResource.Type.TOPIC, "bad/name"),
                resource(ConfigResource.Type.TOPIC, "orders"));

        DescribeConfigsResult missing = response.data().results().get(0);
        assertThat(missing.errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(missing.errorMessage()).isNull();
        assertThat(missing.configs()).isEmpty();
        assertThat(response.data().results().get(1).errorCode())
                .isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code());
        assertThat(response.data().results().get(2).errorCode()).isEqualTo(Errors.NONE.code());
    }

    @Test
    void thisBrokerListsEveryEntryHidingSensitiveValues() throws Exception {
        DescribeConfigsResult result = only(resource(ConfigResource.Type.BROKER, "1"));

        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(result.configs()).extracting(DescribeConfigsResourceResult::name)
                .contains("node.id", "ssl.keystore.password", "log.retention.ms");
        DescribeConfigsResourceResult password = entry(result, "ssl.keystore.password");
        assertThat(password.isSensitive()).isTrue();
        assertThat(password.value()).isNull();
        assertThat(entry(result, "node.id").readOnly()).isTrue();
        assertThat(entry(result, "log.retention.ms").readOnly()).isFalse();
    }

    @Test
    void clusterDefaultResourceListsOnlyDynamicDefaults() throws Exception {
        assertThat(only(resource(ConfigResource.Type.BROKER, "")).configs()).isEmpty();
        await(broker.brokerConfigs.replaceDynamic(Map.of("log.retention.ms", "5000"), false));

        DescribeConfigsResult result = only(resource(ConfigResource.Type.BROKER, ""));

        assertThat(result.configs()).singleElement().satisfies(entry -> {
            assertThat(entry.name()).isEqualTo("log.retention.ms");
            assertThat(entry.value()).isEqualTo("5000");
            assertThat(entry.configSource())
                    .isEqualTo(ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG.id());
            assertThat(entry.configType()).isEqualTo(ConfigType.LONG.id());
        });
    }

    @Test
    void otherBrokerNamesAreInvalidRequest() throws Exception {
        DescribeConfigsResponse response = describe((short) 4, false, false,
                resource(ConfigResource.Type.BROKER, "2"),
                resource(ConfigResource.Type.BROKER, "abc"));

        assertThat(response.data().results()).extracting(DescribeConfigsResult::errorCode)
                .containsOnly(Errors.INVALID_REQUEST.code());
        assertThat(response.data().results()).extracting(DescribeConfigsResult::errorMessage)
                .containsExactly("Unexpected broker id, expected 1 or empty string, but received 2",
                        "Broker id must be an integer, but it is: abc");
    }

    @Test
    void brokerLoggersGroupsAndClientMetricsAreNotSupported() throws Exception {
        DescribeConfigsResponse response = describe((short) 4, false, false,
                resource(ConfigResource.Type.BROKER_LOGGER, "1"),
                resource(ConfigResource.Type.BROKER_LOGGER, ""),
                resource(ConfigResource.Type.GROUP, "g"),
                resource(ConfigResource.Type.CLIENT_METRICS, "m"));

        assertThat(response.data().results()).extracting(DescribeConfigsResult::errorCode)
                .containsOnly(Errors.INVALID_REQUEST.code());
        assertThat(response.data().results().get(0).errorMessage())
                .contains("BROKER_LOGGER resources are not supported");
        assertThat(response.data().results().get(1).errorMessage())
                .isEqualTo("Broker id must not be empty");
        assertThat(response.data().results().get(2).errorMessage())
                .isEqualTo("Resource type GROUP is not supported by this broker");
    }

    @Test
    void unknownResourceTypeFailsTheWholeRequest() {
        DescribeConfigsRequestData data = new DescribeConfigsRequestData().setResources(List.of(
                new DescribeConfigsResource().setResourceType((byte) 99).setResourceName("x")));

        assertThat(failure(handler, new DescribeConfigsRequest(data, (short) 4)))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void engineFailureIsReportedForThatResourceOnly() throws Exception {
        broker.topics.add("orders", 1, Map.of());
        broker.topics.failDescribe(new KafkaStorageException("metadata store unreachable"));

        DescribeConfigsResponse response = describe((short) 4, false, false,
                resource(ConfigResource.Type.TOPIC, "orders"),
                resource(ConfigResource.Type.BROKER, "1"));

        assertThat(response.data().results().get(0).errorCode())
                .isEqualTo(Errors.KAFKA_STORAGE_ERROR.code());
        assertThat(response.data().results().get(0).errorMessage())
                .isEqualTo("metadata store unreachable");
        assertThat(response.data().results().get(1).errorCode()).isEqualTo(Errors.NONE.code());
    }
}
