package io.tideway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import java.util.List;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.network.ClientInformation;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiVersionsHandlerTest {

    private static Vertx vertx;
    private final ApiHandler handler = ApiRegistry.create(List.of())
            .handler(ApiKeys.API_VERSIONS).orElseThrow();
    private final ApiHandler withFeatures = ApiRegistry.create(List.of(),
            ApiFeatures.transactionVersion((short) 2, 1234L))
            .handler(ApiKeys.API_VERSIONS).orElseThrow();

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        GatewayHarness.await(vertx.close());
    }

    private ApiVersionsResponse answer(ApiVersionsRequest request) throws Exception {
        return answer(handler, request);
    }

    private ApiVersionsResponse answer(ApiHandler handler, ApiVersionsRequest request)
            throws Exception {
        RequestHeader header = new RequestHeader(ApiKeys.API_VERSIONS, request.version(), "c", 1);
        RequestContext context = new RequestContext(header, "conn-1",
                SocketAddress.inetSocketAddress(1234, "127.0.0.1"), "PLAINTEXT",
                KafkaPrincipal.ANONYMOUS, ClientInformation.EMPTY, vertx.getOrCreateContext(),
                request.version(), true);
        Reply reply = GatewayHarness.await(handler.handle(context, request));
        return (ApiVersionsResponse) reply.response().orElseThrow();
    }

    private static ApiVersionsRequest v3(String name, String version) {
        return new ApiVersionsRequest(new ApiVersionsRequestData().setClientSoftwareName(name)
                .setClientSoftwareVersion(version), (short) 3);
    }

    @ParameterizedTest
    @CsvSource({"apache-kafka-java,4.4.0", "librdkafka,2.3.0-RC1", "a,1", "x.y-z,0"})
    void wellFormedClientSoftwareIsAccepted(String name, String version) throws Exception {
        assertThat(answer(v3(name, version)).data().errorCode()).isEqualTo(Errors.NONE.code());
    }

    @ParameterizedTest
    @CsvSource({"bad name,1.0", "-leading,1.0", "trailing-,1.0", "ok,1.0!", "ok,''", "'',1.0"})
    void malformedClientSoftwareIsInvalidRequest(String name, String version) throws Exception {
        assertThat(answer(v3(name, version)).data().errorCode())
                .isEqualTo(Errors.INVALID_REQUEST.code());
    }

    @Test
    void beforeV3ClientSoftwareIsNotChecked() throws Exception {
        ApiVersionsRequest v2 = new ApiVersionsRequest(new ApiVersionsRequestData(), (short) 2);
        assertThat(answer(v2).data().errorCode()).isEqualTo(Errors.NONE.code());
    }

    @Test
    void unsupportedVersionListsTheSupportedRanges() throws Exception {
        ApiVersionsRequest unsupported =
                new ApiVersionsRequest(new ApiVersionsRequestData(), (short) 0, (short) 42);
        ApiVersionsResponse response = answer(unsupported);
        assertThat(response.data().errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
        assertThat(response.data().apiKeys().find(ApiKeys.API_VERSIONS.id).maxVersion())
                .isEqualTo(ApiKeys.API_VERSIONS.latestVersion());
    }

    @Test
    void successListsExactlyTheRegistry() throws Exception {
        ApiVersionsResponse response = answer(new ApiVersionsRequest.Builder().build((short) 4));
        assertThat(response.data().apiKeys()).hasSize(1);
        assertThat(response.data().throttleTimeMs()).isZero();
    }

    @Test
    void fromV4SupportedAndFinalizedFeaturesAreAdvertised() throws Exception {
        ApiVersionsResponse response = answer(withFeatures,
                new ApiVersionsRequest.Builder().build((short) 4));

        var supported = response.data().supportedFeatures().find(ApiFeatures.TRANSACTION_VERSION);
        assertThat(supported.minVersion()).isZero();
        assertThat(supported.maxVersion()).isEqualTo((short) 2);
        var finalized = response.data().finalizedFeatures().find(ApiFeatures.TRANSACTION_VERSION);
        assertThat(finalized.minVersionLevel()).isEqualTo((short) 2);
        assertThat(finalized.maxVersionLevel()).isEqualTo((short) 2);
        assertThat(response.data().finalizedFeaturesEpoch()).isEqualTo(1234L);
    }

    @Test
    void v3OmitsSupportedFeaturesStartingAtLevelZeroAsKafkaDoes() throws Exception {
        ApiVersionsResponse response = answer(withFeatures, v3("apache-kafka-java", "3.9.1"));

        assertThat(response.data().supportedFeatures()).isEmpty();
        assertThat(response.data().finalizedFeatures()).hasSize(1);
        assertThat(response.data().finalizedFeaturesEpoch()).isEqualTo(1234L);
    }

    @Test
    void aFeatureAtLevelZeroIsNotFinalizedAndOlderVersionsCarryNoFeatures() throws Exception {
        ApiHandler unfinalized = ApiRegistry.create(List.of(), new ApiFeatures(List.of(
                new ApiFeatures.Feature("group.version", (short) 0, (short) 1, (short) 0)), -1L))
                .handler(ApiKeys.API_VERSIONS).orElseThrow();

        ApiVersionsResponse v4 = answer(unfinalized,
                new ApiVersionsRequest.Builder().build((short) 4));
        ApiVersionsResponse v2 = answer(withFeatures,
                new ApiVersionsRequest(new ApiVersionsRequestData(), (short) 2));

        assertThat(v4.data().supportedFeatures()).hasSize(1);
        assertThat(v4.data().finalizedFeatures()).isEmpty();
        assertThat(v4.data().finalizedFeaturesEpoch()).isEqualTo(-1L);
        assertThat(v2.data().supportedFeatures()).isEmpty();
        assertThat(v2.data().finalizedFeaturesEpoch()).isEqualTo(-1L);
    }
}
