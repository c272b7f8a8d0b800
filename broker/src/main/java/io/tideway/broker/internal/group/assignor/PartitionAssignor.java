package io.tideway.broker.internal.group.assignor;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Uuid;

/**
 * A server-side assignor of the consumer group protocol (Kafka's {@code
 * ConsumerGroupPartitionAssignor}), chosen by name with the client's {@code group.remote.assignor}.
 *
 * <p>Thread contract: implementations are stateless and thread-safe. Invariants of every result:
 * each partition of a topic some member subscribes to is assigned to exactly one member that
 * subscribes to it; members get only partitions of topics they subscribe to; every member of the
 * spec has an entry (possibly empty).
 */
public interface PartitionAssignor {

  /** The name clients ask for ({@code uniform}, {@code range}). */
  String name();

  /**
   * Computes the target assignment.
   *
   * @return member id to (topic id to partitions); immutable
   */
  Map<String, Map<Uuid, Set<Integer>>> assign(AssignmentSpec spec);
}
