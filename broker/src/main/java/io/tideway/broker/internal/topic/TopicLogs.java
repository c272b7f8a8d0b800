package io.tideway.broker.internal.topic;

import io.tideway.broker.TopicInfo;
import io.tideway.broker.internal.config.TopicConfigResolver;
import io.tideway.broker.internal.exec.BlockingIo;
import io.tideway.broker.internal.logdir.LogDirs;
import io.tideway.broker.internal.logdir.PartitionDirs;
import io.tideway.broker.internal.partition.LocalPartition;
import io.tideway.broker.internal.partition.PartitionFactory;
import io.tideway.metadata.store.TopicMetadata;
import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.internals.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens and deletes the logs of a topic's partitions: placement in a log directory, opening on the
 * worker pool through the {@link PartitionFactory}, registration with {@link LogDirs}, and on
 * deletion closing each log and removing its directory (renamed first). A partition that fails to
 * open becomes an offline slot carrying the error.
 *
 * <p>Thread contract: thread-safe (stateless apart from immutable collaborators); futures complete
 * on Vert.x or metadata threads and never fail for a single partition's error.
 */
final class TopicLogs {

  private static final Logger log = LoggerFactory.getLogger(TopicLogs.class);

  private final PartitionFactory factory;
  private final LogDirs logDirs;
  private final TopicConfigResolver resolver;
  private final BlockingIo io;

  TopicLogs(PartitionFactory factory, LogDirs logDirs, TopicConfigResolver resolver,
      BlockingIo io) {
    this.factory = factory;
    this.logDirs = logDirs;
    this.resolver = resolver;
    this.io = io;
  }

  /** The catalogue's view of a stored topic. */
  static TopicInfo toInfo(TopicMetadata topic) {
    return new TopicInfo(topic.name(), new Uuid(topic.id().getMostSignificantBits(),
        topic.id().getLeastSignificantBits()), topic.partitionCount(), topic.configs(),
        Topic.isInternal(topic.name()));
  }

  /** Opens partitions {@code [from, to)} of {@code topic}, each in a newly placed directory. */
  Future<List<TopicCatalog.Slot>> create(TopicInfo topic, int from, int to) {
    return open(topic, from, to, partition -> Optional.of(logDirs.place(partition)));
  }

  /**
   * Opens partitions {@code [from, to)} of {@code topic}; {@code dirOf} gives each one's log
   * directory, or empty when it must stay offline, and may throw a storage error.
   */
  Future<List<TopicCatalog.Slot>> open(TopicInfo topic, int from, int to,
      Function<TopicPartition, Optional<LogDirs.LogDir>> dirOf) {
    List<Future<TopicCatalog.Slot>> slots = new ArrayList<>(to - from);
    for (int p = from; p < to; p++) {
      TopicPartition partition = new TopicPartition(topic.name(), p);
      Future<TopicCatalog.Slot> slot;
      try {
        slot = dirOf.apply(partition).map(dir -> openOne(topic, partition, dir))
            .orElseGet(() -> Future.succeededFuture(TopicCatalog.Slot.offline(
                new KafkaStorageException("Partition " + partition
                    + " may be in an offline log directory"))));
      } catch (RuntimeException e) {
        slot = Future.succeededFuture(TopicCatalog.Slot.offline(e));
      }
      slots.add(slot);
    }
    return Future.join(slots).transform(ignored ->
        Future.succeededFuture(slots.stream().map(Future::result).toList()));
  }

  private Future<TopicCatalog.Slot> openOne(TopicInfo topic, TopicPartition partition,
      LogDirs.LogDir dir) {
    logDirs.assign(partition, dir, () -> 0);
    return factory.open(partition, topic.id(), dir, resolver.logConfig(topic.configOverrides()),
        resolver.retentionDeletes(topic.configOverrides()))
        .map(local -> {
          logDirs.assign(partition, dir, local::sizeInBytes);
          return TopicCatalog.Slot.online(local);
        })
        .recover(error -> {
          log.atError().setMessage("Partition offline: its log could not be opened")
              .addKeyValue("partition", partition).addKeyValue("logDir", dir.path())
              .addKeyValue("reason", error.toString()).log();
          return Future.succeededFuture(TopicCatalog.Slot.offline(error));
        });
  }

  /** Closes and deletes every partition of {@code slots}; failures are logged, never thrown. */
  Future<Void> delete(String topic, List<TopicCatalog.Slot> slots) {
    List<Future<Void>> deletions = new ArrayList<>();
    for (int p = 0; p < slots.size(); p++) {
      TopicPartition partition = new TopicPartition(topic, p);
      TopicCatalog.Slot slot = slots.get(p);
      Optional<LogDirs.LogDir> dir = logDirs.dirOf(partition);
      Future<Void> deletion = slot.partition() != null ? slot.partition().closeAndDelete()
          : dir.map(d -> deleteDirectory(PartitionDirs.dir(d.path(), partition), partition))
              .orElse(Future.succeededFuture());
      deletions.add(deletion.andThen(result -> {
        logDirs.remove(partition);
        if (result.failed()) {
          log.atError().setMessage("Failed to delete a partition's log; it is removed at the next "
                  + "start").addKeyValue("partition", partition)
              .addKeyValue("reason", result.cause().toString()).log();
        }
      }));
    }
    return Future.join(deletions).transform(ignored -> Future.succeededFuture());
  }

  private Future<Void> deleteDirectory(Path dir, TopicPartition partition) {
    return io.run(() -> {
      if (Files.exists(dir)) {
        PartitionDirs.delete(dir, partition);
      }
      return null;
    });
  }

  /** Closes every open partition of {@code slots}. */
  static Future<Void> close(List<LocalPartition> partitions) {
    List<Future<Void>> closes = new ArrayList<>();
    for (LocalPartition partition : partitions) {
      closes.add(partition.close().onFailure(error -> log.atWarn()
          .setMessage("Failed to close a partition cleanly")
          .addKeyValue("partition", partition.topicPartition())
          .addKeyValue("reason", error.toString()).log()));
    }
    return Future.join(closes).transform(ignored -> Future.succeededFuture());
  }
}
