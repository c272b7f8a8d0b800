package io.tideway.gateway.handlers.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.clients.admin.EndpointType;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.DescribeClusterResponseData.DescribeClusterBroker;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeClusterRequest;
import org.apache.kafka.common.requests.DescribeClusterResponse;
import org.apache.kafka.common.requests.MetadataResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DescribeClusterHandlerTest extends AdminHandlerTestBase {

    private final DescribeClusterHandler handler = new DescribeClusterHandler(endpoints);

    static List<Short> allVersions() {
        return versions(DescribeClusterHandler.MIN_VERSION, DescribeClusterHandler.MAX_VERSION);
    }

    private DescribeClusterResponseData describe(short version, DescribeClusterRequestData data)
            throws Exception {
        DescribeClusterResponse response = call(handler, new DescribeClusterRequest(data, version));
        return response.data();
    }

    @ParameterizedTest
    @MethodSource("allVersions")
    void describesThisNodeAsBrokerAndController(short version) throws Exception {
        DescribeClusterResponseData data = describe(version, new DescribeClusterRequestData());

        assertThat(data.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(data.clusterId()).isEqualTo(FakeBroker.CLUSTER_ID);
        assertThat(data.controllerId()).isEqualTo(FakeBroker.NODE_ID);
        assertThat(data.endpointType()).isEqualTo(EndpointType.BROKER.id());
        assertThat(data.clusterAuthorizedOperations())
                .isEqualTo(MetadataResponse.AUTHORIZED_OPERATIONS_OMITTED);
        DescribeClusterBroker broker = data.brokers().find(FakeBroker.NODE_ID);
        assertThat(broker.host()).isEqualTo("broker.example");
        assertThat(broker.port()).isEqualTo(9092);
        assertThat(broker.rack()).isEqualTo(FakeBroker.RACK);
        assertThat(broker.isFenced()).isFalse();
    }

    @Test
    void clusterAuthorizedOperationsWhenAsked() throws Exception {
        DescribeClusterResponseData data = describe((short) 2,
                new DescribeClusterRequestData().setIncludeClusterAuthorizedOperations(true));

        assertThat(data.clusterAuthorizedOperations()).isEqualTo(AuthorizedOperations.cluster());
    }

    @ParameterizedTest
    @ValueSource(shorts = {1, 2})
    void otherEndpointTypesAreRefused(short version) throws Exception {
        DescribeClusterResponseData unknown = describe(version,
                new DescribeClusterRequestData().setEndpointType(EndpointType.UNKNOWN.id()));
        DescribeClusterResponseData controller = describe(version,
                new DescribeClusterRequestData().setEndpointType(EndpointType.CONTROLLER.id()));

        assertThat(unknown.errorCode()).isEqualTo(Errors.UNSUPPORTED_ENDPOINT_TYPE.code());
        assertThat(unknown.errorMessage()).isEqualTo("Unsupported endpoint type 0");
        assertThat(controller.errorCode()).isEqualTo(Errors.MISMATCHED_ENDPOINT_TYPE.code());
        assertThat(controller.errorMessage()).isEqualTo("The request was sent to an endpoint of "
                + "type BROKER, but we wanted an endpoint of type CONTROLLER");
    }

    @Test
    void version0AnswersInvalidRequestForOtherEndpointTypes() throws Exception {
        DescribeClusterRequest v0 = new DescribeClusterRequest(new DescribeClusterRequestData()
                .setEndpointType(EndpointType.CONTROLLER.id()), (short) 0);

        DescribeClusterResponse response = serve(handler, v0);

        assertThat(response.data().errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
    }

    @Test
    void withoutAnAdvertisedEndpointThereIsNoController() throws Exception {
        advertised = List.of();

        DescribeClusterResponseData data = describe((short) 2, new DescribeClusterRequestData());

        assertThat(data.brokers()).isEmpty();
        assertThat(data.controllerId()).isEqualTo(-1);
    }
}
