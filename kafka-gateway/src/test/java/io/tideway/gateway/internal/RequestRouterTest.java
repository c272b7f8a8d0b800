package io.tideway.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.ApiRegistry;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.ListGroupsRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestRouterTest {

    /** Serves ListGroups v2-v5. */
    static final class ListGroupsHandler implements ApiHandler {
        @Override
        public ApiKeys apiKey() {
            return ApiKeys.LIST_GROUPS;
        }

        @Override
        public short minVersion() {
            return 2;
        }

        @Override
        public short maxVersion() {
            return 5;
        }

        @Override
        public Future<Reply> handle(RequestContext context, AbstractRequest request) {
            return Future.failedFuture("not called in routing tests");
        }
    }

    private final RequestRouter router =
            new RequestRouter(ApiRegistry.create(List.of(new ListGroupsHandler())));

    static ByteBuffer payload(AbstractRequest request) {
        return request.serializeWithHeader(
                new RequestHeader(request.apiKey(), request.version(), "c", 1));
    }

    static ListGroupsRequest listGroups(int version) {
        return new ListGroupsRequest.Builder(new ListGroupsRequestData()).build((short) version);
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 1, 2, 3, 4, 5})
    void supportedApiVersionsIsDispatchedAtItsVersion(short version) {
        Routing routing = router.route(payload(new ApiVersionsRequest.Builder().build(version)));
        assertThat(routing).isInstanceOfSatisfying(Routing.Dispatch.class, dispatch -> {
            assertThat(dispatch.responseVersion()).isEqualTo(version);
            assertThat(((ApiVersionsRequest) dispatch.request()).hasUnsupportedRequestVersion())
                    .isFalse();
        });
    }

    @ParameterizedTest
    @ValueSource(shorts = {6, 127, Short.MAX_VALUE, -1})
    void unsupportedApiVersionsIsDispatchedUnparsedForAV0Answer(short version) {
        RequestHeader header = new RequestHeader(ApiKeys.API_VERSIONS, version, "c", 9);
        ByteBuffer frame = org.apache.kafka.common.requests.RequestUtils.serialize(header.data(),
                header.headerVersion(), new org.apache.kafka.common.message.ApiVersionsRequestData(),
                (short) 3);
        Routing routing = router.route(frame);
        assertThat(routing).isInstanceOfSatisfying(Routing.Dispatch.class, dispatch -> {
            assertThat(dispatch.responseVersion()).isZero();
            assertThat(dispatch.header().correlationId()).isEqualTo(9);
            assertThat(((ApiVersionsRequest) dispatch.request()).hasUnsupportedRequestVersion())
                    .isTrue();
        });
    }

    @Test
    void acceptedVersionIsDispatched() {
        assertThat(router.route(payload(listGroups(4)))).isInstanceOf(Routing.Dispatch.class);
    }

    @Test
    void parsableVersionBelowTheHandlersMinimumIsRefusedWithUnsupportedVersion() {
        assertThat(router.route(payload(listGroups(1))))
                .isInstanceOfSatisfying(Routing.Refuse.class, refuse -> assertThat(refuse.error())
                        .isInstanceOf(UnsupportedVersionException.class)
                        .hasMessageContaining("accepts v2-v5"));
    }

    @Test
    void apiWithoutHandlerIsRefused() {
        HeartbeatRequest heartbeat = new HeartbeatRequest.Builder(new HeartbeatRequestData()
                .setGroupId("g").setMemberId("m")).build((short) 4);
        assertThat(router.route(payload(heartbeat))).isInstanceOfSatisfying(Routing.Refuse.class,
                refuse -> assertThat(refuse.error()).hasMessageContaining("not supported"));
    }

    @Test
    void unknownApiKeyIsRejected() {
        ByteBuffer frame = ByteBuffer.allocate(10).putShort((short) 999).putShort((short) 0)
                .putInt(1).putShort((short) -1).flip();
        assertThat(router.route(frame)).isInstanceOfSatisfying(Routing.Reject.class,
                reject -> assertThat(reject.reason()).isEqualTo("unknown API key"));
    }

    @Test
    void frameShorterThanKeyAndVersionIsRejected() {
        assertThat(router.route(ByteBuffer.allocate(3))).isInstanceOf(Routing.Reject.class);
    }

    @Test
    void versionBeyondTheCodecIsRejected() {
        // A well-formed v2 header (flexible: tagged-field count 0) for a version no codec knows.
        ByteBuffer frame = ByteBuffer.allocate(11).putShort(ApiKeys.LIST_GROUPS.id)
                .putShort((short) 99).putInt(1).putShort((short) -1).put((byte) 0).flip();
        assertThat(router.route(frame)).isInstanceOfSatisfying(Routing.Reject.class,
                reject -> assertThat(reject.reason()).contains("codec"));
    }

    @Test
    void absurdArrayLengthIsRejectedAsMalformedBody() {
        ByteBuffer valid = payload(listGroups(0));
        ByteBuffer frame = ByteBuffer.allocate(valid.remaining() + 4);
        frame.put(valid).putInt(Integer.MAX_VALUE).flip();
        // ListGroups v0 has no fields: patch the header to DescribeGroups v0 (groups array).
        frame.putShort(0, ApiKeys.DESCRIBE_GROUPS.id);
        assertThat(router.route(frame)).isInstanceOfSatisfying(Routing.Reject.class,
                reject -> assertThat(reject.reason()).isEqualTo("malformed request body"));
    }

    @Property(tries = 300)
    void arbitraryBytesNeverThrow(@ForAll @Size(max = 64) byte[] bytes) {
        assertThatCode(() -> router.route(ByteBuffer.wrap(bytes))).doesNotThrowAnyException();
    }

    @Property(tries = 300)
    void corruptedRealRequestsNeverThrow(@ForAll @IntRange(min = 0, max = 5) int version,
            @ForAll @IntRange(min = 0, max = 200) int position, @ForAll byte value,
            @ForAll @IntRange(min = 0, max = 200) int truncateTo) {
        ByteBuffer real = payload(new ApiVersionsRequest.Builder().build((short) version));
        byte[] bytes = new byte[real.remaining()];
        real.get(bytes);
        bytes[position % bytes.length] = value;
        byte[] cut = java.util.Arrays.copyOf(bytes, Math.min(bytes.length, truncateTo));
        assertThatCode(() -> router.route(ByteBuffer.wrap(cut))).doesNotThrowAnyException();
    }
}
