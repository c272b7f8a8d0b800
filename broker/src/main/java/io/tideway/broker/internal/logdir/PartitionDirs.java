package io.tideway.broker.internal.logdir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * Names of partition directories, as Kafka's: {@code <topic>-<partition>} for a live partition and
 * {@code <topic>-<partition>.<32 hex digits>-delete} for one being deleted (renamed first, so a
 * crash half-way never leaves a directory that looks live).
 *
 * <p>Thread contract: stateless, thread-safe. {@link #delete} is blocking file I/O.
 */
public final class PartitionDirs {

  /** Suffix of a directory being deleted. */
  public static final String DELETE_SUFFIX = "-delete";

  private static final Pattern LIVE = Pattern.compile("([a-zA-Z0-9._-]+)-(0|[1-9][0-9]{0,9})");
  private static final Pattern DELETED =
      Pattern.compile("[a-zA-Z0-9._-]+-[0-9]+\\.[0-9a-f]{32}" + DELETE_SUFFIX);

  private PartitionDirs() {
  }

  /** The directory name of {@code partition}. */
  public static String name(TopicPartition partition) {
    return partition.topic() + "-" + partition.partition();
  }

  /** The directory of {@code partition} in {@code logDir}. */
  public static Path dir(Path logDir, TopicPartition partition) {
    return logDir.resolve(name(partition));
  }

  /** The partition a directory name denotes, if it is a live partition directory's name. */
  public static Optional<TopicPartition> parse(String dirName) {
    Matcher matcher = LIVE.matcher(dirName);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new TopicPartition(matcher.group(1), Integer.parseInt(matcher.group(2))));
    } catch (NumberFormatException e) {
      return Optional.empty(); // above Integer.MAX_VALUE
    }
  }

  /** Whether {@code dirName} is that of a directory renamed for deletion. */
  public static boolean isDeleted(String dirName) {
    return DELETED.matcher(dirName).matches();
  }

  /**
   * Deletes a partition directory the way Kafka does: renames it to a deletion name first (one
   * atomic step, after which it no longer looks live), then removes it recursively. Blocking.
   *
   * @return the deletion name it had while being removed
   */
  public static Path delete(Path partitionDir, TopicPartition partition) throws IOException {
    Path renamed = partitionDir.resolveSibling(deletedName(partition));
    Utils.atomicMoveWithFallback(partitionDir, renamed);
    Utils.delete(renamed.toFile());
    return renamed;
  }

  /** A fresh deletion name for {@code partition}'s directory. */
  public static String deletedName(TopicPartition partition) {
    return name(partition) + "." + UUID.randomUUID().toString().replace("-", "") + DELETE_SUFFIX;
  }
}
