package io.tideway.broker.internal;

import io.tideway.broker.BrokerSettings;
import io.tideway.broker.ConfigEntryView;
import io.tideway.broker.Partition;
import io.tideway.broker.log.Fsync;
import io.tideway.broker.log.LogConfig;
import io.tideway.broker.log.LogDirFlusher;
import io.tideway.metadata.KeyLayout;
import io.tideway.metadata.MetadataConfig;
import io.tideway.metadata.MetadataStore;
import io.tideway.metadata.MetadataStores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;

/**
 * A broker engine on a real Vert.x and a real embedded metadata store in a temporary directory,
 * for the engine's integration tests: start, stop, restart on the same directories.
 */
public final class EngineHarness implements AutoCloseable {

  public static final Duration WAIT = Duration.ofSeconds(20);

  public final Path root;
  public final Vertx vertx = Vertx.vertx();
  public final KeyLayout layout = new KeyLayout("test");
  public final Map<String, Object> topicDefaults = new HashMap<>(Map.of(
      LogConfig.FILE_DELETE_DELAY_MS, 0L));
  public final List<ConfigEntryView> staticConfig = new ArrayList<>();
  public List<Path> logDirs;
  public Duration retentionCheckInterval = Duration.ofMinutes(5);
  public boolean autoCreate = true;
  public int numPartitions = 1;
  public Clock clock = Clock.systemUTC();
  public Fsync fsync = Fsync.DATASYNC;
  public MetadataStore store;
  public BrokerEngine engine;

  public EngineHarness(Path root) {
    this.root = root;
    this.logDirs = List.of(root.resolve("data"));
    this.store = MetadataStores.open(MetadataConfig.embedded(root.resolve("metadata")));
  }

  /** Adds a static broker config entry, as the server would report it. */
  public EngineHarness staticEntry(String name, String value) {
    staticConfig.add(new ConfigEntryView(name, value, ConfigSource.STATIC_BROKER_CONFIG, true,
        false, ConfigDef.Type.STRING, ""));
    return this;
  }

  public BrokerSettings settings() {
    return new BrokerSettings(1, null, logDirs, LogConfig.from(topicDefaults), numPartitions,
        autoCreate, retentionCheckInterval, staticConfig);
  }

  public BrokerEngine start() {
    engine = await(startFuture());
    return engine;
  }

  public Future<BrokerEngine> startFuture() {
    Fsync chosen = fsync;
    return EngineStarter.start(vertx, settings(), store, layout, clock,
        dir -> new LogDirFlusher(dir, chosen));
  }

  /** Closes the engine cleanly (the metadata store stays open). */
  public void stop() {
    if (engine != null) {
      await(engine.close());
      engine = null;
    }
  }

  public BrokerEngine restart() {
    stop();
    return start();
  }

  @Override
  public void close() {
    try {
      stop();
    } finally {
      store.close();
      await(vertx.close());
    }
  }

  /** The offsets of every record from the log start to the high watermark, read in slices. */
  public static List<Long> readAll(Partition partition) {
    List<Long> offsets = new ArrayList<>();
    long next = partition.logStartOffset();
    while (true) {
      Partition.ReadResult result = await(partition.read(next, 1 << 20, true));
      if (result.slice().isEmpty()) {
        return offsets;
      }
      offsets.addAll(Batches.offsets(result.slice().toMemoryRecords()));
      next = result.slice().lastOffset() + 1;
    }
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture()
          .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
