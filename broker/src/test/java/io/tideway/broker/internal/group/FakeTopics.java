package io.tideway.broker.internal.group;

import io.tideway.broker.TopicInfo;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.Uuid;

/** A mutable topic catalogue for coordinator tests. */
final class FakeTopics implements GroupTopics {

  private final Map<String, TopicInfo> topics = new ConcurrentHashMap<>();

  /** Creates or grows {@code name}; returns its id. */
  Uuid put(String name, int partitions) {
    TopicInfo old = topics.get(name);
    Uuid id = old == null ? Uuid.randomUuid() : old.id();
    topics.put(name, new TopicInfo(name, id, partitions, Map.of(), false));
    return id;
  }

  Uuid id(String name) {
    return topics.get(name).id();
  }

  @Override
  public Optional<TopicInfo> byName(String name) {
    return Optional.ofNullable(topics.get(name));
  }

  @Override
  public Collection<TopicInfo> all() {
    return List.copyOf(topics.values());
  }
}
