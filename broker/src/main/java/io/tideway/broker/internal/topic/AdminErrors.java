package io.tideway.broker.internal.topic;

import io.tideway.metadata.MetadataTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownServerException;

/**
 * Turns failures of administrative operations into Kafka {@link ApiException}s, so front ends can
 * answer with {@code Errors.forException}: API exceptions pass through (unwrapped from
 * {@link CompletionException}), a metadata timeout becomes the retriable {@link TimeoutException},
 * anything else an {@link UnknownServerException} carrying the cause's message.
 *
 * <p>Thread contract: stateless, thread-safe.
 */
final class AdminErrors {

  private AdminErrors() {
  }

  static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  static ApiException toApi(Throwable error, String operation) {
    Throwable cause = unwrap(error);
    if (cause instanceof ApiException api) {
      return api;
    }
    if (cause instanceof MetadataTimeoutException) {
      return new TimeoutException(operation + " timed out in the metadata store: "
          + cause.getMessage(), cause);
    }
    return new UnknownServerException(operation + " failed: " + cause, cause);
  }
}
