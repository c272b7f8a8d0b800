package io.tideway.gateway.handlers.admin;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps an engine failure to the error code and message one topic or resource is answered with.
 *
 * <ul>
 *   <li>Kafka {@code ApiException}s keep their code; the message is kept unless it is the code's
 *       generic text (as Kafka's {@link ApiError#fromThrowable} does).
 *   <li>A {@link ConfigException} (a value rejected by a {@code ConfigDef}) is {@code
 *       INVALID_CONFIG} with its message, as Kafka's controller answers configuration changes.
 *   <li>Anything else is an engine bug: {@code UNKNOWN_SERVER_ERROR} without a message (no
 *       internals leak to clients), logged at error level with the stack trace.
 * </ul>
 *
 * <p>Thread contract: stateless; safe from any thread.
 */
final class AdminErrors {

    private static final Logger log = LoggerFactory.getLogger(AdminErrors.class);

    private AdminErrors() {
    }

    /**
     * The error for {@code failure} while serving {@code api} for {@code entry} (a topic or
     * resource name, used for logging only).
     */
    static ApiError toApiError(ApiKeys api, String entry, Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ConfigException) {
            return new ApiError(Errors.INVALID_CONFIG, cause.getMessage());
        }
        if (!(cause instanceof ApiException)) {
            log.atError()
                    .setMessage("Engine failed an admin request with an unexpected exception")
                    .addKeyValue("api", api.name)
                    .addKeyValue("entry", entry)
                    .setCause(cause)
                    .log();
        }
        return ApiError.fromThrowable(cause);
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
