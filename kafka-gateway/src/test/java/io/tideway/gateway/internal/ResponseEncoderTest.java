package io.tideway.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.ListGroupsResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseEncoderTest {

    @ParameterizedTest
    @ValueSource(shorts = {0, 3, 4, 5})
    void encodedResponseParsesBackWithKafkaClients(short version) {
        RequestHeader request = new RequestHeader(ApiKeys.LIST_GROUPS, version, "c", 1234);
        ListGroupsResponseData data = new ListGroupsResponseData().setGroups(
                List.of(new ListedGroup().setGroupId("g").setProtocolType("consumer")));

        ByteBuffer encoded = ResponseEncoder.encode(request, version, data);

        assertThat(encoded.getInt()).isEqualTo(encoded.remaining());
        AbstractResponse parsed = AbstractResponse.parseResponse(encoded, request);
        assertThat(((ListGroupsResponse) parsed).data()).isEqualTo(data);
    }

    @Test
    void apiVersionsResponseHeaderIsAlwaysV0() {
        RequestHeader request = new RequestHeader(ApiKeys.API_VERSIONS, (short) 4, "c", 7);
        ApiVersionsResponseData data = new ApiVersionsResponseData();
        int bodySize = MessageUtil.toByteBufferAccessor(data, (short) 4).buffer().remaining();

        ByteBuffer encoded = ResponseEncoder.encode(request, (short) 4, data);

        assertThat(encoded.getInt()).as("v0 header is the correlation id alone")
                .isEqualTo(4 + bodySize);
        assertThat(encoded.getInt()).isEqualTo(7);
        assertThat(ApiVersionsResponse.parse(new ByteBufferAccessor(encoded), (short) 4).data())
                .isEqualTo(data);
    }

    @Test
    void prefixAnnouncesHeaderPlusBody() {
        RequestHeader request = new RequestHeader(ApiKeys.LIST_GROUPS, (short) 4, "c", 1);
        ByteBuffer prefix = ResponseEncoder.encodePrefix(request, 1000);
        int size = prefix.getInt();
        assertThat(size).isEqualTo(1000 + prefix.remaining());
        assertThat(prefix.getInt()).isEqualTo(1);
        assertThat(prefix.get()).as("v1 header: no tagged fields").isZero();
        assertThat(prefix.hasRemaining()).isFalse();
    }

    @Test
    void frameBeyondTwoGibibytesIsRefused() {
        RequestHeader request = new RequestHeader(ApiKeys.LIST_GROUPS, (short) 4, "c", 1);
        assertThatThrownBy(() -> ResponseEncoder.encodePrefix(request, Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 GiB");
    }
}
