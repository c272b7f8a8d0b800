package io.tideway.gateway.handlers.txn;

import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the transaction handlers call the engine's coordinators and turn their failures into
 * Kafka error codes.
 *
 * <ul>
 *   <li>{@link #call}: a thrown exception or a null future becomes a failed future, so a broken
 *       engine call fails its own request only.
 *   <li>{@link #error}: Kafka {@link ApiException}s keep their code; anything else is an engine
 *       bug, answered {@code UNKNOWN_SERVER_ERROR} and logged at error level with its stack trace.
 *   <li>{@link #beforeFencedError}: clients older than the version that introduced {@code
 *       PRODUCER_FENCED} (KIP-588) get {@code INVALID_PRODUCER_EPOCH}, as Kafka's {@code
 *       KafkaApis} answers them.
 * </ul>
 *
 * <p>Thread contract: stateless; safe from any thread.
 */
final class CoordinatorCalls {

    private static final Logger log = LoggerFactory.getLogger(CoordinatorCalls.class);

    private CoordinatorCalls() {
    }

    /** Calls the engine, turning a thrown exception or a null future into a failed future. */
    static <T> Future<T> call(Supplier<Future<T>> call) {
        try {
            Future<T> future = call.get();
            return future != null ? future : Future.failedFuture(
                    new IllegalStateException("Coordinator returned a null future"));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /** The error code for {@code failure} while serving {@code api} for {@code subject}. */
    static Errors error(ApiKeys api, Object subject, Throwable failure) {
        Throwable cause = unwrap(failure);
        if (!(cause instanceof ApiException)) {
            log.atError().setMessage("A coordinator failed a request with an unexpected exception")
                    .addKeyValue("api", api.name)
                    .addKeyValue("subject", subject)
                    .setCause(cause)
                    .log();
        }
        return Errors.forException(cause);
    }

    /**
     * {@code error}, with {@code PRODUCER_FENCED} answered as {@code INVALID_PRODUCER_EPOCH} to
     * requests older than {@code firstFencedVersion}.
     */
    static Errors beforeFencedError(Errors error, short version, int firstFencedVersion) {
        return error == Errors.PRODUCER_FENCED && version < firstFencedVersion
                ? Errors.INVALID_PRODUCER_EPOCH : error;
    }

    /**
     * One error per requested partition, in the coordinator's answer or, for a partition it left
     * out (a broken contract), {@code UNKNOWN_SERVER_ERROR}, so that nothing unverified passes.
     */
    static Map<TopicPartition, Errors> perPartition(ApiKeys api, String transactionalId,
            Set<TopicPartition> requested, Map<TopicPartition, Errors> answered) {
        Map<TopicPartition, Errors> errors = new LinkedHashMap<>();
        for (TopicPartition partition : requested) {
            Errors error = answered == null ? null : answered.get(partition);
            if (error == null) {
                log.atError().setMessage("The transaction coordinator left a partition unanswered")
                        .addKeyValue("api", api.name)
                        .addKeyValue("transactionalId", transactionalId)
                        .addKeyValue("partition", partition)
                        .log();
                error = Errors.UNKNOWN_SERVER_ERROR;
            }
            errors.put(partition, error);
        }
        return errors;
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
