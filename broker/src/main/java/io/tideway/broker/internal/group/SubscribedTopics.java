package io.tideway.broker.internal.group;

import io.tideway.broker.TopicInfo;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Uuid;

/**
 * Resolves consumer group subscriptions against the topic catalogue: topic names that exist, and
 * the non-internal topics whose whole name matches a member's regular expression. Kafka compiles
 * {@code subscribedTopicRegex} with RE2/J; Tideway uses {@link java.util.regex.Pattern}, whose
 * syntax is a superset of RE2's for the expressions clients use (character classes, alternation,
 * quantifiers), and matches the whole topic name as Kafka does.
 *
 * <p>Thread contract: stateless; called on the group's owning context.
 */
final class SubscribedTopics {

  private SubscribedTopics() {
  }

  /** Every existing topic some member of {@code group} subscribes to, by name. */
  static Map<String, ConsumerGroup.TopicImage> of(ConsumerGroup group, GroupTopics topics) {
    Map<String, ConsumerGroup.TopicImage> image = new HashMap<>();
    boolean anyRegex = false;
    for (ConsumerMember member : group.members.values()) {
      for (String name : member.subscribedTopicNames) {
        topics.byName(name).ifPresent(topic -> image.put(name, imageOf(topic)));
      }
      anyRegex |= member.compiledRegex != null;
    }
    if (anyRegex) {
      for (TopicInfo topic : topics.all()) {
        if (!topic.internal() && group.members.values().stream()
            .anyMatch(member -> matches(member, topic.name()))) {
          image.put(topic.name(), imageOf(topic));
        }
      }
    }
    return Map.copyOf(image);
  }

  /** The ids of the topics of {@code image} that {@code member} subscribes to. */
  static Set<Uuid> idsFor(ConsumerMember member, Map<String, ConsumerGroup.TopicImage> image) {
    Set<Uuid> ids = new HashSet<>();
    image.forEach((name, topic) -> {
      if (member.subscribedTopicNames.contains(name) || matches(member, name)) {
        ids.add(topic.id());
      }
    });
    return ids;
  }

  private static boolean matches(ConsumerMember member, String name) {
    return member.compiledRegex != null && member.compiledRegex.matcher(name).matches();
  }

  private static ConsumerGroup.TopicImage imageOf(TopicInfo topic) {
    return new ConsumerGroup.TopicImage(topic.id(), topic.partitionCount());
  }
}
