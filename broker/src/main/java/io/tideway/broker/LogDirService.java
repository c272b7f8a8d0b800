package io.tideway.broker;

import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * The node's log directories, as DescribeLogDirs reports them. Thread-safe and non-blocking
 * (sizes are the partitions' in-memory counters; free space is read from the file store).
 */
public interface LogDirService {

  /** Every log directory with the partitions it holds. */
  List<LogDirInfo> describe();

  /**
   * One log directory.
   *
   * @param path the directory
   * @param error why it is offline, or null
   * @param totalBytes the file store's size, or -1 when unknown
   * @param usableBytes the file store's free space, or -1 when unknown
   * @param partitions the partitions it holds
   */
  record LogDirInfo(Path path, Throwable error, long totalBytes, long usableBytes,
      List<PartitionSize> partitions) {
  }

  /**
   * A partition's footprint.
   *
   * @param partition the partition
   * @param sizeInBytes bytes in its local segments
   * @param offsetLag how far it is behind the leader (0: it is the leader)
   */
  record PartitionSize(TopicPartition partition, long sizeInBytes, long offsetLag) {
  }
}
