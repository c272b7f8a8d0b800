package io.tideway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.HeartbeatResponse;
import org.apache.kafka.common.requests.ListGroupsRequest;
import org.apache.kafka.common.requests.ListGroupsResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.RequestUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ApiVersions over a real socket: every version, KIP-511 fallback, client software checks. */
class ApiVersionsWireIT {

    private GatewayHarness harness;

    @BeforeEach
    void start() throws Exception {
        // ListGroups accepted from v2 but advertised from v1: the advertised range must show v1.
        TestHandler listGroups = TestHandler.advertising(ApiKeys.LIST_GROUPS, 1, 2, 5,
                (ctx, request) -> Future.succeededFuture(Reply.of(
                        new ListGroupsResponse(new ListGroupsResponseData()))));
        harness = GatewayHarness.start(List.of(listGroups));
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    @ParameterizedTest(name = "ApiVersions v{0}")
    @ValueSource(shorts = {0, 1, 2, 3, 4, 5})
    void everyApiVersionsVersionIsAnsweredWithTheRegisteredRanges(short version) throws Exception {
        assertThat(ApiKeys.API_VERSIONS.latestVersion()).isEqualTo((short) 5);
        try (WireClient client = harness.connect()) {
            RequestHeader header = client.send(new ApiVersionsRequest.Builder().build(version), 41);
            ApiVersionsResponse response = (ApiVersionsResponse) client.receive(header);

            assertThat(response.data().errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(ranges(response)).containsExactly("16:1-5", "18:0-5");
        }
    }

    @Test
    void tooNewApiVersionsVersionGetsV0UnsupportedVersionWithTheSupportedRanges() throws Exception {
        try (WireClient client = harness.connect()) {
            RequestHeader future = new RequestHeader(ApiKeys.API_VERSIONS, (short) 127,
                    WireClient.CLIENT_ID, 77);
            ByteBuffer payload = RequestUtils.serialize(future.data(), future.headerVersion(),
                    new ApiVersionsRequestData().setClientSoftwareName("future-client")
                            .setClientSoftwareVersion("99.0"), (short) 3);
            client.sendRaw(WireClient.sizePrefixed(payload));

            WireClient.VersionZero answer = client.receiveApiVersionsV0();
            assertThat(answer.correlationId()).isEqualTo(77);
            assertThat(answer.response().data().errorCode())
                    .isEqualTo(Errors.UNSUPPORTED_VERSION.code());
            assertThat(ranges(answer.response())).contains("18:0-5");

            // The client retries with the highest version listed, on the same connection.
            RequestHeader retry = client.send(new ApiVersionsRequest.Builder().build((short) 5), 78);
            assertThat(((ApiVersionsResponse) client.receive(retry)).data().errorCode())
                    .isEqualTo(Errors.NONE.code());
        }
    }

    @Test
    void invalidClientSoftwareNameIsAnsweredWithInvalidRequest() throws Exception {
        try (WireClient client = harness.connect()) {
            ApiVersionsRequest bad = new ApiVersionsRequest(new ApiVersionsRequestData()
                    .setClientSoftwareName("bad name!").setClientSoftwareVersion("1.0"), (short) 3);
            RequestHeader header = client.send(bad, 5);
            ApiVersionsResponse response = (ApiVersionsResponse) client.receive(header);
            assertThat(response.data().errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        }
    }

    @Test
    void versionBelowTheAcceptedMinimumIsAnsweredUnsupportedVersion() throws Exception {
        try (WireClient client = harness.connect()) {
            RequestHeader header = client.send(
                    new ListGroupsRequest.Builder(new ListGroupsRequestData()).build((short) 1), 9);
            AbstractResponse response = client.receive(header);
            assertThat(((ListGroupsResponse) response).data().errorCode())
                    .isEqualTo(Errors.UNSUPPORTED_VERSION.code());

            RequestHeader next = client.send(
                    new ListGroupsRequest.Builder(new ListGroupsRequestData()).build((short) 2), 10);
            assertThat(((ListGroupsResponse) client.receive(next)).data().errorCode())
                    .as("the connection stays open").isEqualTo(Errors.NONE.code());
        }
    }

    @Test
    void apiWithoutHandlerIsAnsweredUnsupportedVersionAndTheConnectionContinues() throws Exception {
        try (WireClient client = harness.connect()) {
            HeartbeatRequest heartbeat = new HeartbeatRequest.Builder(new HeartbeatRequestData()
                    .setGroupId("g").setMemberId("m").setGenerationId(1)).build((short) 4);
            RequestHeader header = client.send(heartbeat, 10);
            assertThat(((HeartbeatResponse) client.receive(header)).data().errorCode())
                    .isEqualTo(Errors.UNSUPPORTED_VERSION.code());

            RequestHeader next = client.send(new ApiVersionsRequest.Builder().build((short) 3), 11);
            assertThat(client.receive(next)).isInstanceOf(ApiVersionsResponse.class);
        }
    }

    private static List<String> ranges(ApiVersionsResponse response) {
        return response.data().apiKeys().stream()
                .map((ApiVersion v) -> v.apiKey() + ":" + v.minVersion() + "-" + v.maxVersion())
                .collect(Collectors.toList());
    }
}
