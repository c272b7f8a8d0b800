package io.tideway.gateway.handlers.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.broker.ClusterIdentity;
import java.util.List;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FindCoordinatorRequest.CoordinatorType;
import org.apache.kafka.common.requests.FindCoordinatorResponse;
import org.junit.jupiter.api.Test;

class FindCoordinatorHandlerTest extends GroupHandlerTestBase {

    private static final Node SELF = new Node(1, "broker.example", 9092);

    private volatile List<Node> advertised = List.of(new Node(2, "other", 1), SELF);
    private final FindCoordinatorHandler handler = new FindCoordinatorHandler(
            () -> new ClusterIdentity("aTidewayClusterId0001w", 1, "rack-a"), () -> advertised);

    @Test
    void aSingleGroupKeyIsAnsweredAtTheTopLevelBeforeV4() throws Exception {
        for (short v = 0; v < 4; v++) {
            FindCoordinatorResponse response = call(handler, ApiKeys.FIND_COORDINATOR,
                    new FindCoordinatorRequestData().setKey("g1")
                            .setKeyType(CoordinatorType.GROUP.id()), v);
            assertThat(response.error()).as("v%d", v).isEqualTo(Errors.NONE);
            assertThat(response.data().nodeId()).isEqualTo(1);
            assertThat(response.data().host()).isEqualTo("broker.example");
            assertThat(response.data().port()).isEqualTo(9092);
        }
    }

    @Test
    void batchedKeysAreEachAnsweredFromV4() throws Exception {
        for (short v = 4; v <= handler.maxVersion(); v++) {
            FindCoordinatorResponse response = call(handler, ApiKeys.FIND_COORDINATOR,
                    new FindCoordinatorRequestData().setKeyType(CoordinatorType.GROUP.id())
                            .setCoordinatorKeys(List.of("a", "b", "c")), v);
            assertThat(response.data().coordinators()).as("v%d", v)
                    .extracting(FindCoordinatorResponseData.Coordinator::key)
                    .containsExactly("a", "b", "c");
            assertThat(response.data().coordinators()).allSatisfy(c -> {
                assertThat(c.errorCode()).isEqualTo(Errors.NONE.code());
                assertThat(c.nodeId()).isEqualTo(1);
                assertThat(c.host()).isEqualTo("broker.example");
                assertThat(c.port()).isEqualTo(9092);
            });
        }
    }

    @Test
    void transactionKeysAreCoordinatedByThisNode() throws Exception {
        for (short v = 1; v < 4; v++) {
            FindCoordinatorResponse single = call(handler, ApiKeys.FIND_COORDINATOR,
                    new FindCoordinatorRequestData().setKey("tx")
                            .setKeyType(CoordinatorType.TRANSACTION.id()), v);
            assertThat(single.error()).as("v%d", v).isEqualTo(Errors.NONE);
            assertThat(single.data().nodeId()).isEqualTo(1);
            assertThat(single.data().host()).isEqualTo("broker.example");
        }
        FindCoordinatorResponse batched = call(handler, ApiKeys.FIND_COORDINATOR,
                new FindCoordinatorRequestData().setKeyType(CoordinatorType.TRANSACTION.id())
                        .setCoordinatorKeys(List.of("tx-a", "tx-b")), (short) 6);
        assertThat(batched.data().coordinators())
                .extracting(FindCoordinatorResponseData.Coordinator::key)
                .containsExactly("tx-a", "tx-b");
        assertThat(batched.data().coordinators()).allSatisfy(c -> {
            assertThat(c.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(c.nodeId()).isEqualTo(1);
            assertThat(c.port()).isEqualTo(9092);
        });
    }

    @Test
    void transactionKeysWaitUntilTheListenerIsBound() throws Exception {
        advertised = List.of();
        FindCoordinatorResponse batched = call(handler, ApiKeys.FIND_COORDINATOR,
                new FindCoordinatorRequestData().setKeyType(CoordinatorType.TRANSACTION.id())
                        .setCoordinatorKeys(List.of("tx")), (short) 6);
        assertThat(batched.data().coordinators()).singleElement().satisfies(c -> {
            assertThat(c.errorCode()).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE.code());
            assertThat(c.nodeId()).isEqualTo(Node.noNode().id());
        });
    }

    @Test
    void anUnknownKeyTypeIsAnInvalidRequest() throws Exception {
        FindCoordinatorResponse response = call(handler, ApiKeys.FIND_COORDINATOR,
                new FindCoordinatorRequestData().setKeyType((byte) 2)
                        .setCoordinatorKeys(List.of("share")), (short) 6);
        assertThat(response.data().coordinators()).singleElement()
                .satisfies(c -> assertThat(c.errorCode())
                        .isEqualTo(Errors.INVALID_REQUEST.code()));
    }

    @Test
    void groupKeysWaitUntilTheListenerIsBound() throws Exception {
        advertised = List.of();
        FindCoordinatorResponse single = call(handler, ApiKeys.FIND_COORDINATOR,
                new FindCoordinatorRequestData().setKey("g"), (short) 1);
        assertThat(single.error()).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
        advertised = null;
        FindCoordinatorResponse batched = call(handler, ApiKeys.FIND_COORDINATOR,
                new FindCoordinatorRequestData().setCoordinatorKeys(List.of("g")), (short) 5);
        assertThat(batched.data().coordinators()).singleElement()
                .satisfies(c -> assertThat(c.errorCode())
                        .isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE.code()));
    }
}
