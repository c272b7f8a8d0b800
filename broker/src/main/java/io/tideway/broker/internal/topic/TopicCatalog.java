package io.tideway.broker.internal.topic;

import io.tideway.broker.Partition;
import io.tideway.broker.PartitionService;
import io.tideway.broker.TopicInfo;
import io.tideway.broker.internal.partition.LocalPartition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

/**
 * The topics this node knows and the state of each of their partitions: open, or offline with
 * the error that keeps it closed. It answers {@link PartitionService} lookups.
 *
 * <p>Thread contract: thread-safe. The whole catalogue is one immutable snapshot behind a volatile
 * field: lookups read it without locks and always see a consistent view of names, ids and
 * partitions; changes copy and replace it under a lock.
 */
public final class TopicCatalog implements PartitionService {

  /**
   * One partition's state: open ({@code partition} set) or offline ({@code offlineCause} set).
   *
   * @param partition the open partition, or null
   * @param offlineCause why it is offline, or null
   */
  public record Slot(LocalPartition partition, Throwable offlineCause) {
    public Slot {
      if ((partition == null) == (offlineCause == null)) {
        throw new IllegalArgumentException("A slot is either open or offline");
      }
    }

    static Slot online(LocalPartition partition) {
      return new Slot(partition, null);
    }

    static Slot offline(Throwable cause) {
      return new Slot(null, cause);
    }
  }

  /**
   * A topic and its partitions' slots, indexed by partition number.
   *
   * @param info the topic
   * @param slots one per partition
   */
  public record Entry(TopicInfo info, List<Slot> slots) {
    public Entry {
      slots = List.copyOf(slots);
      if (slots.size() != info.partitionCount()) {
        throw new IllegalArgumentException("Topic " + info.name() + " has "
            + info.partitionCount() + " partitions but " + slots.size() + " slots");
      }
    }

    /** The open partitions. */
    public List<LocalPartition> online() {
      return slots.stream().map(Slot::partition).filter(Objects::nonNull).toList();
    }
  }

  private record Snapshot(Map<String, Entry> byName, Map<Uuid, Entry> byId) {
  }

  private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of());

  /** Adds or replaces the topic named {@code entry.info().name()}. */
  public synchronized void put(Entry entry) {
    Map<String, Entry> byName = new HashMap<>(snapshot.byName());
    Map<Uuid, Entry> byId = new HashMap<>(snapshot.byId());
    Entry previous = byName.put(entry.info().name(), entry);
    if (previous != null) {
      byId.remove(previous.info().id());
    }
    byId.put(entry.info().id(), entry);
    snapshot = new Snapshot(Map.copyOf(byName), Map.copyOf(byId));
  }

  /** Removes the topic called {@code name}; returns it if it was there. */
  public synchronized Optional<Entry> remove(String name) {
    Entry removed = snapshot.byName().get(name);
    if (removed == null) {
      return Optional.empty();
    }
    Map<String, Entry> byName = new HashMap<>(snapshot.byName());
    Map<Uuid, Entry> byId = new HashMap<>(snapshot.byId());
    byName.remove(name);
    byId.remove(removed.info().id());
    snapshot = new Snapshot(Map.copyOf(byName), Map.copyOf(byId));
    return Optional.of(removed);
  }

  public Optional<Entry> entry(String name) {
    return Optional.ofNullable(snapshot.byName().get(name));
  }

  public Optional<Entry> entry(Uuid id) {
    return Optional.ofNullable(snapshot.byId().get(id));
  }

  /** Every topic. */
  public Collection<Entry> entries() {
    return snapshot.byName().values();
  }

  /** Every open partition of every topic. */
  public List<LocalPartition> onlinePartitions() {
    List<LocalPartition> all = new ArrayList<>();
    for (Entry entry : snapshot.byName().values()) {
      all.addAll(entry.online());
    }
    return all;
  }

  @Override
  public Optional<Partition> get(TopicPartition partition) {
    return slot(entry(partition.topic()), partition.partition()).<Partition>map(Slot::partition);
  }

  @Override
  public Optional<Partition> get(Uuid topicId, int partition) {
    return slot(entry(topicId), partition).<Partition>map(Slot::partition);
  }

  @Override
  public Optional<Throwable> offlineCause(TopicPartition partition) {
    return slot(entry(partition.topic()), partition.partition()).map(Slot::offlineCause);
  }

  private static Optional<Slot> slot(Optional<Entry> entry, int partition) {
    return entry.filter(e -> partition >= 0 && partition < e.slots().size())
        .map(e -> e.slots().get(partition));
  }
}
