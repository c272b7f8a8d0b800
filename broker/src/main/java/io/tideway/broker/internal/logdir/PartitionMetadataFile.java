package io.tideway.broker.internal.logdir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Utils;

/**
 * The {@code partition.metadata} file of a partition directory, in Kafka's format
 * ({@code version: 0} then {@code topic_id: <base64 id>}): it ties the directory to one incarnation
 * of the topic, so a directory left by a deleted topic of the same name is recognised as stray.
 *
 * <p>Thread contract: stateless, thread-safe; blocking file I/O (use the {@code tideway-log-io}
 * pool). Writes go to a temporary file that is fsynced and renamed atomically.
 */
public final class PartitionMetadataFile {

  /** The file's name inside a partition directory. */
  public static final String NAME = "partition.metadata";

  private static final String VERSION_LINE = "version: 0";
  private static final String TOPIC_ID_PREFIX = "topic_id: ";

  private PartitionMetadataFile() {
  }

  /** Writes {@code topicId} into {@code partitionDir}. */
  public static void write(Path partitionDir, Uuid topicId) throws IOException {
    Path target = partitionDir.resolve(NAME);
    Path tmp = partitionDir.resolve(NAME + ".tmp");
    Files.writeString(tmp, VERSION_LINE + "\n" + TOPIC_ID_PREFIX + topicId + "\n",
        StandardCharsets.UTF_8);
    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    Utils.atomicMoveWithFallback(tmp, target);
  }

  /**
   * The topic id recorded in {@code partitionDir}, or empty when the file is absent.
   *
   * @throws IOException if the file exists but is not in the expected format
   */
  public static Optional<Uuid> read(Path partitionDir) throws IOException {
    Path file = partitionDir.resolve(NAME);
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    if (lines.size() < 2 || !lines.get(0).trim().equals(VERSION_LINE)
        || !lines.get(1).startsWith(TOPIC_ID_PREFIX)) {
      throw new IOException("Malformed " + file + ": expected '" + VERSION_LINE + "' and '"
          + TOPIC_ID_PREFIX + "<id>'");
    }
    try {
      return Optional.of(Uuid.fromString(lines.get(1).substring(TOPIC_ID_PREFIX.length()).trim()));
    } catch (IllegalArgumentException e) {
      throw new IOException("Malformed topic id in " + file + ": " + e.getMessage(), e);
    }
  }
}
