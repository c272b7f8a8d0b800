package io.tideway.gateway.handlers.txn;

import io.tideway.broker.txn.TransactionCoordinator;
import io.tideway.broker.txn.TransactionDescription;
import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.vertx.core.Future;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.message.ListTransactionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ListTransactionsRequest;
import org.apache.kafka.common.requests.ListTransactionsResponse;

/**
 * ListTransactions (API key 66), v0-v2, following Kafka's {@code
 * TransactionStateManager.listTransactionStates}: every transactional id the coordinator knows
 * (except those being expired) with its producer id and state, narrowed by the request's filters
 * ({@link TransactionFilter}): states and producer ids (v0+), a minimum running time (v1+) and a
 * transactional id pattern (v2+).
 *
 * <p>Errors: state filter names Kafka does not know are listed in {@code unknownStateFilters}
 * and otherwise ignored (with no known state requested, states are not filtered, as in Kafka); a
 * pattern that does not compile is {@code INVALID_REGULAR_EXPRESSION}; a
 * coordinator failure is the top-level error (for example {@code COORDINATOR_LOAD_IN_PROGRESS}).
 *
 * <p>Thread contract: stateless and thread-safe (the clock must be); {@link #handle} never blocks.
 */
public final class ListTransactionsHandler implements ApiHandler {

    private final Supplier<TransactionCoordinator> coordinator;
    private final LongSupplier clock;

    /**
     * @param coordinator the node's transaction coordinator, looked up per request
     * @param clock wall-clock milliseconds, for the duration filter
     */
    public ListTransactionsHandler(Supplier<TransactionCoordinator> coordinator,
            LongSupplier clock) {
        this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_TRANSACTIONS;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 2;
    }

    @Override
    public Future<Reply> handle(RequestContext context, AbstractRequest request) {
        ListTransactionsRequest list = (ListTransactionsRequest) request;
        TransactionFilter filter;
        try {
            filter = TransactionFilter.of(list.data());
        } catch (PatternSyntaxException e) {
            return Future.succeededFuture(reply(new ListTransactionsResponseData()
                    .setErrorCode(Errors.INVALID_REGULAR_EXPRESSION.code())));
        }
        return CoordinatorCalls.call(() -> coordinator.get().list())
                .map(all -> reply(listed(all, filter)))
                .otherwise(failure -> reply(new ListTransactionsResponseData().setErrorCode(
                        CoordinatorCalls.error(apiKey(), "list", failure).code())));
    }

    private ListTransactionsResponseData listed(List<TransactionDescription> all,
            TransactionFilter filter) {
        ListTransactionsResponseData data = new ListTransactionsResponseData()
                .setErrorCode(Errors.NONE.code())
                .setUnknownStateFilters(filter.unknownStates());
        long now = clock.getAsLong();
        for (TransactionDescription description : all) {
            if (filter.matches(description, now)) {
                data.transactionStates().add(new ListTransactionsResponseData.TransactionState()
                        .setTransactionalId(description.transactionalId())
                        .setProducerId(description.producerId())
                        .setTransactionState(description.state()));
            }
        }
        return data;
    }

    private static Reply reply(ListTransactionsResponseData data) {
        return Reply.of(new ListTransactionsResponse(data));
    }
}
