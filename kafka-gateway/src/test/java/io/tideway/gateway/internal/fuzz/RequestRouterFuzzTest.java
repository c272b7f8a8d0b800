package io.tideway.gateway.internal.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tideway.gateway.internal.RequestRouter;
import io.tideway.gateway.internal.ResponseEncoder;
import io.tideway.gateway.internal.Routing;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.UnknownServerException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes request parsing: any frame (the bytes after a size prefix) given to the {@link
 * RequestRouter} of the real handler registry. The router must never throw and must name a reason
 * when it rejects. A refusal's error response, and a dispatched request's error response (what
 * the connection answers when the handler fails), must encode at the response version and parse
 * back with the request's correlation id.
 *
 * <p>Faster than {@link ConnectionFuzzTest} (no handler runs), so it reaches deeper into
 * kafka-clients' parsers per second. Regression mode runs {@code RequestRouterFuzzTestInputs/};
 * {@code JAZZER_FUZZ=1} fuzzes (docs/reliability.md).
 */
class RequestRouterFuzzTest {

    private static FuzzEngine engine;
    private static RequestRouter router;

    @BeforeAll
    static void startEngine() {
        engine = FuzzEngine.start();
        router = new RequestRouter(engine.registry());
    }

    @AfterAll
    static void stopEngine() {
        engine.close();
    }

    @FuzzTest(maxDuration = "10m")
    void routesAnyFrameWithoutThrowing(byte[] frame) {
        Routing routing = router.route(ByteBuffer.wrap(frame));
        if (routing instanceof Routing.Reject reject) {
            assertThat(reject.reason()).isNotBlank();
        } else if (routing instanceof Routing.Refuse refuse) {
            assertThat(refuse.response()).isNotNull();
            assertRoundTrips(refuse.header(), refuse.response(), refuse.header().apiVersion());
        } else {
            Routing.Dispatch dispatch = (Routing.Dispatch) routing;
            assertThat(dispatch.handler().apiKey()).isEqualTo(dispatch.header().apiKey());
            AbstractResponse error;
            try {
                error = dispatch.request().getErrorResponse(new UnknownServerException("fuzz"));
            } catch (RuntimeException e) {
                // kafka-clients cannot build this API's error response for every valid request
                // (a null array it dereferences): the connection closes if the handler fails.
                return;
            }
            if (error == null) { // only a Produce with acks=0 has none: it gets no response
                assertThat(dispatch.request()).isInstanceOfSatisfying(ProduceRequest.class,
                        produce -> assertThat(produce.acks()).isZero());
                return;
            }
            assertRoundTrips(dispatch.header(), error, dispatch.responseVersion());
        }
    }

    private static void assertRoundTrips(RequestHeader header, AbstractResponse response,
            short version) {
        ByteBuffer encoded = ResponseEncoder.encode(header, version, response.data());
        ApiKeys key = header.apiKey();
        assertThat(encoded.getInt()).isEqualTo(encoded.remaining());
        ResponseHeader responseHeader = ResponseHeader.parse(encoded,
                key.responseHeaderVersion(version));
        assertThat(responseHeader.correlationId()).isEqualTo(header.correlationId());
        AbstractResponse.parseResponse(key, new ByteBufferAccessor(encoded), version);
        assertThat(encoded.hasRemaining()).as("bytes after the %s v%d body", key, version)
                .isFalse();
    }
}
