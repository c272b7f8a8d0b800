package io.tideway.broker;

import io.tideway.broker.internal.EngineStarter;
import io.tideway.metadata.KeyLayout;
import io.tideway.metadata.MetadataConfig;
import io.tideway.metadata.MetadataStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Objects;

/**
 * Starts the broker engine of this node.
 *
 * <p>Start-up reads or creates the cluster id, checks each log directory against it
 * ({@code meta.properties}: a directory of another cluster stops the start with
 * {@code InconsistentClusterIdException}), registers the broker when an advertised endpoint with a
 * fixed port is configured, loads the dynamic broker configuration, removes the directories of
 * topics the metadata store no longer knows, opens every partition's log on the
 * {@code tideway-log-io} worker pool (a partition whose log is corrupt stays offline, see
 * {@link PartitionService#offlineCause}) and starts one group-commit flusher per log directory and
 * the retention timer.
 *
 * <p>Thread contract: thread-safe and non-blocking; may be called from any thread, including an
 * event loop. The returned future completes on a Vert.x or metadata store thread. The caller owns
 * {@code vertx} and {@code store} and closes them after {@link Broker#close()}.
 */
public final class BrokerBootstrap {

  private BrokerBootstrap() {
  }

  /**
   * Starts the engine with the metadata store's default namespace
   * ({@value MetadataConfig#DEFAULT_NAMESPACE}).
   */
  public static Future<Broker> start(Vertx vertx, BrokerSettings settings, MetadataStore store) {
    return start(vertx, settings, store, new KeyLayout(MetadataConfig.DEFAULT_NAMESPACE));
  }

  /**
   * Starts the engine with the key layout of the cluster's namespace
   * ({@code new KeyLayout(metadataConfig.namespace())}).
   */
  public static Future<Broker> start(Vertx vertx, BrokerSettings settings, MetadataStore store,
      KeyLayout layout) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(layout, "layout");
    return EngineStarter.start(vertx, settings, store, layout, Clock.systemUTC())
        .map(engine -> (Broker) engine);
  }
}
