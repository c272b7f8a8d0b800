package io.tideway.broker;

import java.util.Objects;

/**
 * Who sent a group request, as the coordinator records it for DescribeGroups and
 * ConsumerGroupDescribe, and the request's version (some answers differ by version, as in Kafka).
 *
 * <p>Thread contract: an immutable value, thread-safe.
 *
 * @param clientId the client id from the request header
 * @param clientHost the client's address, as Kafka shows it ({@code /127.0.0.1})
 * @param apiVersion the version of the request
 */
public record GroupRequestContext(String clientId, String clientHost, short apiVersion) {

  /** Validates that no component is null. */
  public GroupRequestContext {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientHost, "clientHost");
  }
}
