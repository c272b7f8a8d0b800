package io.tideway.gateway.handlers.data;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps an engine failure for one partition to the Kafka error code it is answered with.
 *
 * <ul>
 *   <li>Kafka {@link ApiException}s keep their code ({@link Errors#forException}).
 *   <li>Anything else is an engine bug: {@code UNKNOWN_SERVER_ERROR}, logged at error level with
 *       the partition and the stack trace (as Kafka's {@code ReplicaManager} does for unexpected
 *       throwables), so one broken partition never fails the whole request.
 * </ul>
 *
 * <p>Thread contract: stateless; safe from any thread.
 */
final class Failures {

    private static final Logger log = LoggerFactory.getLogger(Failures.class);

    private Failures() {
    }

    /** The error code for {@code failure} while serving {@code api} for {@code partition}. */
    static Errors toError(ApiKeys api, Object partition, Throwable failure) {
        Throwable cause = unwrap(failure);
        if (!(cause instanceof ApiException)) {
            log.atError()
                    .setMessage("Engine failed a data-path request with an unexpected exception")
                    .addKeyValue("api", api.name)
                    .addKeyValue("partition", partition)
                    .setCause(cause)
                    .log();
        }
        return Errors.forException(cause);
    }

    /** The cause behind completion wrappers. */
    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
