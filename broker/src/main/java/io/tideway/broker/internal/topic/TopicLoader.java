package io.tideway.broker.internal.topic;

import io.tideway.broker.TopicInfo;
import io.tideway.broker.internal.config.TopicConfigResolver;
import io.tideway.broker.internal.exec.BlockingIo;
import io.tideway.broker.internal.logdir.LogDirScanner;
import io.tideway.broker.internal.logdir.LogDirs;
import io.tideway.broker.internal.partition.PartitionFactory;
import io.tideway.metadata.store.TopicMetadata;
import io.tideway.metadata.store.TopicStore;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the topic service at start-up: opens every partition of every stored topic in the
 * directory the log-directory scan found it in. A partition without a directory gets a new empty
 * log when every log directory is online (e.g. the node stopped between the metadata transaction
 * and the log creation), and stays offline otherwise (its data may be in the offline directory).
 * Partitions whose logs fail to open stay offline with their error; the others serve.
 *
 * <p>Thread contract: stateless; the returned future completes on a Vert.x or metadata thread once
 * every partition has opened or failed.
 */
public final class TopicLoader {

  private static final Logger log = LoggerFactory.getLogger(TopicLoader.class);

  private TopicLoader() {
  }

  /**
   * Opens the stored topics and returns the topic service over them.
   *
   * @param topics every stored topic
   * @param scan where their partitions were found
   */
  public static Future<TopicManager> load(TopicStore store, PartitionFactory factory,
      LogDirs logDirs, TopicConfigResolver resolver, BlockingIo io, int defaultPartitions,
      boolean autoCreateEnabled, List<TopicMetadata> topics, LogDirScanner.Result scan) {
    TopicCatalog catalog = new TopicCatalog();
    TopicLogs logs = new TopicLogs(factory, logDirs, resolver, io);
    boolean allOnline = logDirs.dirs().stream().allMatch(LogDirs.LogDir::online);
    // Known locations first, so that missing partitions are placed against the real counts.
    scan.partitions().forEach((partition, dir) -> logDirs.assign(partition, dir, () -> 0));
    List<Future<TopicCatalog.Entry>> entries = new ArrayList<>();
    for (TopicMetadata stored : topics) {
      TopicInfo topic = TopicLogs.toInfo(stored);
      entries.add(logs.open(topic, 0, topic.partitionCount(),
          partition -> locate(partition, scan, logDirs, allOnline))
          .map(slots -> new TopicCatalog.Entry(topic, slots)));
    }
    return Future.all(entries).map(ignored -> {
      int offline = 0;
      for (Future<TopicCatalog.Entry> entry : entries) {
        catalog.put(entry.result());
        offline += (int) entry.result().slots().stream()
            .filter(slot -> slot.offlineCause() != null).count();
      }
      log.atInfo().setMessage("Loaded topics").addKeyValue("topics", topics.size())
          .addKeyValue("offlinePartitions", offline).log();
      return new TopicManager(store, catalog, logs, resolver, defaultPartitions,
          autoCreateEnabled);
    });
  }

  private static Optional<LogDirs.LogDir> locate(TopicPartition partition,
      LogDirScanner.Result scan, LogDirs logDirs, boolean allOnline) {
    Throwable unusable = scan.unusable().get(partition);
    if (unusable != null) {
      throw new KafkaStorageException(unusable.getMessage(), unusable);
    }
    LogDirs.LogDir found = scan.partitions().get(partition);
    if (found != null) {
      return Optional.of(found);
    }
    if (!allOnline) {
      return Optional.empty();
    }
    log.atInfo().setMessage("Creating the missing log of a partition")
        .addKeyValue("partition", partition).log();
    return Optional.of(logDirs.place(partition));
  }
}
