package io.tideway.broker.internal;

import io.tideway.broker.BrokerSettings;
import io.tideway.broker.ConfigEntryView;
import io.tideway.broker.internal.txn.TransactionSettings;
import java.util.Optional;
import org.apache.kafka.common.utils.Utils;

/**
 * Engine settings that {@link BrokerSettings} carries only inside its static configuration
 * entries, read by their Kafka names with Kafka's defaults: {@code producer.id.expiration.ms}
 * (1 day), the advertised endpoint registered in the metadata store (the first entry of
 * {@code advertised.listeners}, else of {@code listeners}), and the transaction coordinator's
 * {@code transaction.max.timeout.ms} (900000),
 * {@code transaction.abort.timed.out.transaction.cleanup.interval.ms} (10000),
 * {@code transactional.id.expiration.ms} (7 days) and
 * {@code transaction.remove.expired.transaction.cleanup.interval.ms} (1 hour). A value that is not
 * a positive number is ignored (the default applies): the server validates the configuration.
 *
 * <p>Thread contract: an immutable value, thread-safe.
 *
 * @param producerIdExpirationMs how long an idle producer's state is kept
 * @param blockingPoolSize threads of the {@code tideway-log-io} pool
 * @param endpoint the advertised endpoint, if one with a fixed port is configured
 * @param transactions the transaction coordinator's settings
 */
record EngineOptions(long producerIdExpirationMs, int blockingPoolSize,
    Optional<Endpoint> endpoint, TransactionSettings transactions) {

  static final long DEFAULT_PRODUCER_ID_EXPIRATION_MS = 86_400_000L;

  /** A host and port as registered in the metadata store. */
  record Endpoint(String host, int port) {
  }

  static EngineOptions from(BrokerSettings settings) {
    long expiration = longValue(settings, "producer.id.expiration.ms")
        .orElse(DEFAULT_PRODUCER_ID_EXPIRATION_MS);
    int pool = Math.max(4, 2 * settings.logDirs().size());
    Optional<Endpoint> endpoint = endpoint(settings, "advertised.listeners")
        .or(() -> endpoint(settings, "listeners"));
    return new EngineOptions(expiration, pool, endpoint, transactions(settings));
  }

  private static TransactionSettings transactions(BrokerSettings settings) {
    TransactionSettings d = TransactionSettings.defaults();
    return new TransactionSettings(
        positive(settings, "transaction.max.timeout.ms").filter(n -> n <= Integer.MAX_VALUE)
            .map(Long::intValue).orElse(d.maxTimeoutMs()),
        positive(settings, "transaction.abort.timed.out.transaction.cleanup.interval.ms")
            .orElse(d.abortTimedOutIntervalMs()),
        positive(settings, "transactional.id.expiration.ms")
            .orElse(d.transactionalIdExpirationMs()),
        positive(settings, "transaction.remove.expired.transaction.cleanup.interval.ms")
            .orElse(d.removeExpiredIntervalMs()));
  }

  private static Optional<Long> positive(BrokerSettings settings, String name) {
    return longValue(settings, name).filter(n -> n > 0);
  }

  private static Optional<String> value(BrokerSettings settings, String name) {
    return settings.staticConfig().stream().filter(entry -> entry.name().equals(name))
        .map(ConfigEntryView::value).filter(value -> value != null && !value.isBlank())
        .findFirst();
  }

  private static Optional<Long> longValue(BrokerSettings settings, String name) {
    return value(settings, name).flatMap(text -> {
      try {
        return Optional.of(Long.parseLong(text.trim()));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    });
  }

  /** The first listener of a Kafka listener list ({@code NAME://host:port,...}) with a port. */
  private static Optional<Endpoint> endpoint(BrokerSettings settings, String name) {
    return value(settings, name).flatMap(list -> {
      String first = list.split(",")[0].trim();
      String host = Utils.getHost(first);
      Integer port = Utils.getPort(first);
      if (host == null || port == null || port <= 0) {
        return Optional.empty();
      }
      if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::")) {
        host = canonicalHostName();
      }
      return Optional.of(new Endpoint(host, port));
    });
  }

  private static String canonicalHostName() {
    try {
      return java.net.InetAddress.getLocalHost().getCanonicalHostName();
    } catch (java.net.UnknownHostException e) {
      return java.net.InetAddress.getLoopbackAddress().getHostAddress();
    }
  }
}
