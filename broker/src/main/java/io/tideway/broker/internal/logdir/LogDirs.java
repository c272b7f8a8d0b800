package io.tideway.broker.internal.logdir;

import io.tideway.broker.LogDirService;
import io.tideway.broker.log.LogDirFlusher;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's log directories, each with its flusher (or the error that took it offline), and the
 * partitions placed in them. New partitions go to the online directory holding the fewest
 * partitions (the first listed on a tie), as Kafka spreads them.
 *
 * <p>Thread contract: thread-safe. Placement is under a lock so that concurrent creations spread
 * correctly; sizes come from the partitions' own thread-safe counters; free space is read from the
 * file store (a cheap {@code statfs}). Invariants: a partition is placed in at most one directory;
 * nothing is placed in an offline directory.
 */
public final class LogDirs implements LogDirService {

  private static final Logger log = LoggerFactory.getLogger(LogDirs.class);

  /**
   * One log directory.
   *
   * @param path the directory
   * @param flusher its group-commit flusher, or null when offline
   * @param error why it is offline, or null
   */
  public record LogDir(Path path, LogDirFlusher flusher, Throwable error) {
    /** Whether partitions may live here. */
    public boolean online() {
      return error == null;
    }
  }

  private record Placement(LogDir dir, LongSupplier size) {
  }

  private final List<LogDir> dirs;
  private final Map<TopicPartition, Placement> placements = new ConcurrentHashMap<>();

  public LogDirs(List<LogDir> dirs) {
    this.dirs = List.copyOf(dirs);
  }

  /** Every directory, in configuration order. */
  public List<LogDir> dirs() {
    return dirs;
  }

  /** The directory at {@code path}, if configured. */
  public Optional<LogDir> byPath(Path path) {
    return dirs.stream().filter(dir -> dir.path().equals(path)).findFirst();
  }

  /**
   * Places a new partition on the online directory holding the fewest partitions.
   *
   * @throws KafkaStorageException when every directory is offline
   */
  public synchronized LogDir place(TopicPartition partition) {
    Placement existing = placements.get(partition);
    if (existing != null) {
      return existing.dir();
    }
    Map<Path, Integer> counts = new java.util.HashMap<>();
    placements.values().forEach(p -> counts.merge(p.dir().path(), 1, Integer::sum));
    LogDir chosen = dirs.stream().filter(LogDir::online)
        .min(Comparator.comparingInt(dir -> counts.getOrDefault(dir.path(), 0)))
        .orElseThrow(() -> new KafkaStorageException("No online log directory for " + partition
            + "; every directory of " + paths() + " is offline"));
    placements.put(partition, new Placement(chosen, () -> 0));
    return chosen;
  }

  /** Records that {@code partition} lives in {@code dir} (found on disk) with its size counter. */
  public synchronized void assign(TopicPartition partition, LogDir dir, LongSupplier size) {
    placements.put(partition, new Placement(dir, size));
  }

  /** Forgets {@code partition} (deleted). */
  public synchronized void remove(TopicPartition partition) {
    placements.remove(partition);
  }

  /** The directory holding {@code partition}, if placed. */
  public Optional<LogDir> dirOf(TopicPartition partition) {
    return Optional.ofNullable(placements.get(partition)).map(Placement::dir);
  }

  @Override
  public List<LogDirInfo> describe() {
    List<LogDirInfo> infos = new ArrayList<>(dirs.size());
    for (LogDir dir : dirs) {
      List<PartitionSize> partitions = new ArrayList<>();
      placements.forEach((partition, placement) -> {
        if (placement.dir().path().equals(dir.path())) {
          partitions.add(new PartitionSize(partition, placement.size().getAsLong(), 0));
        }
      });
      partitions.sort(Comparator.comparing(PartitionSize::partition,
          Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition)));
      long total = -1;
      long usable = -1;
      try {
        FileStore store = Files.getFileStore(dir.path());
        total = store.getTotalSpace();
        usable = store.getUsableSpace();
      } catch (IOException | RuntimeException e) {
        log.atDebug().setMessage("Cannot read the file store of a log directory")
            .addKeyValue("logDir", dir.path()).addKeyValue("reason", e.toString()).log();
      }
      infos.add(new LogDirInfo(dir.path(), dir.error(), total, usable, List.copyOf(partitions)));
    }
    return infos;
  }

  /** Closes every flusher after its queued work. Blocking. */
  public void closeFlushers() {
    for (LogDir dir : dirs) {
      if (dir.flusher() != null) {
        try {
          dir.flusher().close();
        } catch (RuntimeException e) {
          log.atWarn().setMessage("Failed to close a log directory flusher")
              .addKeyValue("logDir", dir.path()).setCause(e).log();
        }
      }
    }
  }

  private List<Path> paths() {
    return dirs.stream().map(LogDir::path).toList();
  }
}
