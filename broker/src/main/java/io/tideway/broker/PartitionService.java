package io.tideway.broker;

import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

/**
 * Finds the partitions this node leads. On a single node that is every partition of every topic.
 *
 * <p>Thread-safe and non-blocking: lookups read an immutable snapshot.
 */
public interface PartitionService {

  /** The partition, if its topic exists and it is open (a corrupt partition is offline). */
  Optional<Partition> get(TopicPartition partition);

  /** The partition of the topic with id {@code topicId}, if it exists and is open. */
  Optional<Partition> get(Uuid topicId, int partition);

  /**
   * Why a partition of an existing topic is not available, e.g. the storage error that took it
   * offline; empty if it is available or does not exist.
   */
  Optional<Throwable> offlineCause(TopicPartition partition);
}
