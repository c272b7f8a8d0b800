package io.tideway.broker.internal.logdir;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up scan of the log directories: finds every partition directory, removes the ones the
 * metadata store does not know (a topic deleted while the node was down, a partition above the
 * topic's count) and the leftovers of interrupted deletions ({@code *-delete}). Other entries (the
 * metadata store's directory, lock and marker files) are left alone.
 *
 * <p>A directory whose {@code partition.metadata} names another topic id is kept and its
 * partition stays offline: the file cannot tell an older incarnation of the topic (deleted and
 * re-created while this node was away) from a damaged file, and deleting or replacing a live log
 * on a flipped bit would lose it. The error says how to resolve it.
 *
 * <p>Thread contract: stateless; blocking (directory listings, recursive deletes). Run it on the
 * {@code tideway-log-io} pool before any partition opens.
 */
public final class LogDirScanner {

  private static final Logger log = LoggerFactory.getLogger(LogDirScanner.class);

  /** A topic as the metadata store knows it. */
  public record KnownTopic(Uuid id, int partitionCount) {
  }

  /**
   * What the scan found.
   *
   * @param partitions the directory holding each known partition found on disk
   * @param unusable partitions whose directories cannot be used (found twice, unreadable marker)
   * @param removed how many stray or half-deleted directories were removed
   */
  public record Result(Map<TopicPartition, LogDirs.LogDir> partitions,
      Map<TopicPartition, Throwable> unusable, int removed) {
  }

  private LogDirScanner() {
  }

  /** Scans the online directories of {@code dirs} against {@code topics} (by name). */
  public static Result scan(List<LogDirs.LogDir> dirs, Map<String, KnownTopic> topics)
      throws IOException {
    Map<TopicPartition, LogDirs.LogDir> found = new HashMap<>();
    Map<TopicPartition, Throwable> unusable = new HashMap<>();
    int removed = 0;
    for (LogDirs.LogDir dir : dirs) {
      if (!dir.online()) {
        continue;
      }
      try (DirectoryStream<Path> entries =
          Files.newDirectoryStream(dir.path(), Files::isDirectory)) {
        for (Path entry : entries) {
          String name = entry.getFileName().toString();
          if (PartitionDirs.isDeleted(name)) {
            Utils.delete(entry.toFile());
            log.atInfo().setMessage("Removed a partition directory left by an interrupted delete")
                .addKeyValue("dir", entry).log();
            removed++;
            continue;
          }
          Optional<TopicPartition> parsed = PartitionDirs.parse(name);
          if (parsed.isEmpty()) {
            continue;
          }
          TopicPartition partition = parsed.get();
          Verdict verdict = judge(entry, partition, topics.get(partition.topic()));
          if (verdict.unreadable() != null) {
            unusable.put(partition, new KafkaStorageException("Unusable "
                + PartitionMetadataFile.NAME + " in " + entry + ": "
                + verdict.unreadable().getMessage(), verdict.unreadable()));
          } else if (verdict.strayReason() != null) {
            PartitionDirs.delete(entry, partition);
            log.atWarn()
                .setMessage("Removed a partition directory the metadata store does not know")
                .addKeyValue("dir", entry).addKeyValue("reason", verdict.strayReason()).log();
            removed++;
          } else if (found.containsKey(partition)) {
            unusable.put(partition, new KafkaStorageException("Partition " + partition
                + " has a directory in both " + found.get(partition).path() + " and "
                + dir.path() + "; remove the wrong one"));
          } else {
            found.put(partition, dir);
          }
        }
      }
    }
    unusable.keySet().forEach(found::remove);
    return new Result(found, unusable, removed);
  }

  /** Whether a partition directory is stray (with why) or unreadable; neither: keep it. */
  private record Verdict(String strayReason, IOException unreadable) {
    static final Verdict KEEP = new Verdict(null, null);
  }

  private static Verdict judge(Path dir, TopicPartition partition, KnownTopic topic) {
    if (topic == null) {
      return new Verdict("unknown topic", null);
    }
    if (partition.partition() >= topic.partitionCount()) {
      return new Verdict("the topic has " + topic.partitionCount() + " partitions", null);
    }
    try {
      Optional<Uuid> recorded = PartitionMetadataFile.read(dir);
      if (recorded.isPresent() && !recorded.get().equals(topic.id())) {
        log.atError().setMessage("Partition directory records another topic id; its partition "
                + "stays offline").addKeyValue("dir", dir).addKeyValue("recordedId", recorded.get())
            .addKeyValue("topicId", topic.id()).log();
        return new Verdict(null, new IOException("it records topic id " + recorded.get()
            + " but the topic's id is " + topic.id() + ": either an older incarnation of the "
            + "topic (delete the directory) or a damaged file (write the right id into it)"));
      }
      return Verdict.KEEP;
    } catch (IOException e) {
      log.atError().setMessage("Cannot read a partition directory's marker file")
          .addKeyValue("dir", dir).addKeyValue("reason", e.getMessage()).log();
      return new Verdict(null, e);
    }
  }
}
