package io.tideway.broker.internal.logdir;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.errors.InconsistentClusterIdException;
import org.apache.kafka.common.utils.Utils;

/**
 * The {@code meta.properties} file of a log directory ({@code version=1}, {@code cluster.id},
 * {@code node.id}, as Kafka writes it): binds the directory to one cluster, so a broker pointed at
 * another cluster's metadata (or a wiped store) refuses to start instead of treating every
 * partition directory as stray and deleting it.
 *
 * <p>Thread contract: stateless, thread-safe; blocking file I/O (use the {@code tideway-log-io}
 * pool).
 */
public final class LogDirMetaProperties {

  /** The file's name inside a log directory. */
  public static final String NAME = "meta.properties";

  private LogDirMetaProperties() {
  }

  /**
   * Checks that {@code logDir} belongs to {@code clusterId}, creating the directory and its file if
   * needed.
   *
   * @throws InconsistentClusterIdException if the directory belongs to another cluster
   * @throws IOException if the directory or the file cannot be read or written
   */
  public static void ensure(Path logDir, String clusterId, int nodeId) throws IOException {
    Files.createDirectories(logDir);
    Optional<String> stored = readClusterId(logDir);
    if (stored.isPresent()) {
      if (!stored.get().equals(clusterId)) {
        throw new InconsistentClusterIdException("The log directory " + logDir
            + " belongs to cluster " + stored.get() + " but the metadata store holds cluster "
            + clusterId + "; refusing to use it (check metadata.namespace and the metadata store)");
      }
      return;
    }
    Properties properties = new Properties();
    properties.setProperty("version", "1");
    properties.setProperty("cluster.id", clusterId);
    properties.setProperty("node.id", Integer.toString(nodeId));
    Path tmp = logDir.resolve(NAME + ".tmp");
    try (Writer writer = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      properties.store(writer, "Tideway log directory; do not edit");
    }
    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    Utils.atomicMoveWithFallback(tmp, logDir.resolve(NAME));
  }

  /**
   * The cluster id recorded in {@code logDir}, or empty when it has no {@value #NAME}.
   *
   * @throws IOException if the file exists but does not hold version 1 and a cluster id: a
   *     damaged file is not silently replaced, since it is what stops a broker from adopting
   *     another cluster's directory
   */
  public static Optional<String> readClusterId(Path logDir) throws IOException {
    Path file = logDir.resolve(NAME);
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
      throw new IOException("Damaged " + file + ": " + e.getMessage(), e);
    }
    String clusterId = properties.getProperty("cluster.id");
    if (!"1".equals(properties.getProperty("version")) || clusterId == null
        || clusterId.isBlank()) {
      throw new IOException("Damaged " + file + ": it must hold version=1 and cluster.id (restore "
          + "it, or remove it to adopt the directory into the current cluster)");
    }
    return Optional.of(clusterId);
  }
}
