package io.tideway.broker.internal.group;

import io.tideway.broker.TopicInfo;
import io.tideway.broker.TopicService;
import java.util.Collection;
import java.util.Optional;

/**
 * The topic catalogue as the consumer group protocol sees it: subscriptions name topics, and
 * assignments need their ids and partition counts.
 *
 * <p>Thread contract: implementations are thread-safe and non-blocking (the engine's catalogue
 * returns immutable snapshots).
 */
public interface GroupTopics {

  /** The topic called {@code name}, if it exists. */
  Optional<TopicInfo> byName(String name);

  /** Every topic. */
  Collection<TopicInfo> all();

  /** The catalogue of {@code topics}. */
  static GroupTopics of(TopicService topics) {
    return new GroupTopics() {
      @Override
      public Optional<TopicInfo> byName(String name) {
        return topics.byName(name);
      }

      @Override
      public Collection<TopicInfo> all() {
        return topics.all();
      }
    };
  }
}
