package io.tideway.broker;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.Uuid;

/**
 * Topic administration over the metadata store, and an in-memory catalogue of the topics.
 *
 * <p>Thread contract: thread-safe. Catalogue reads ({@link #all}, {@link #byName}, {@link #byId})
 * return an immutable snapshot and never block. Changes are metadata transactions followed by
 * opening, creating or deleting the partitions' logs; their futures complete once both are done.
 *
 * <p>Errors (as failed futures): {@code TopicExistsException}, {@code InvalidTopicException}
 * (illegal name: Kafka's rules, at most 249 characters of {@code [a-zA-Z0-9._-]}, not "." or
 * ".."), {@code InvalidPartitionsException}, {@code InvalidReplicationFactorException} (a
 * single node accepts 1 or -1), {@code InvalidConfigurationException} (unknown key or invalid value,
 * with a message naming both), {@code UnknownTopicOrPartitionException}, {@code
 * UnknownTopicIdException}.
 */
public interface TopicService {

  /** Every topic, in no particular order. */
  Collection<TopicInfo> all();

  /** The topic called {@code name}, if it exists. */
  Optional<TopicInfo> byName(String name);

  /** The topic with id {@code id}, if it exists. */
  Optional<TopicInfo> byId(Uuid id);

  /**
   * Creates a topic, or only validates the request when {@code validateOnly}.
   *
   * @return the topic as created (or as it would be)
   */
  Future<TopicInfo> create(TopicSpec spec, boolean validateOnly);

  /**
   * Creates {@code name} with the broker defaults when {@code auto.create.topics.enable} is on
   * (the Metadata and Produce path); fails with {@code UnknownTopicOrPartitionException} when it
   * is off. Concurrent calls for one name create it once.
   */
  Future<TopicInfo> autoCreate(String name);

  /** Whether {@code auto.create.topics.enable} is on. */
  boolean autoCreateEnabled();

  /** Deletes a topic, its partitions' logs and its segment index. @return the deleted topic */
  Future<TopicInfo> delete(String name);

  /** Deletes a topic by id. @return the deleted topic */
  Future<TopicInfo> delete(Uuid id);

  /**
   * Grows a topic to {@code totalCount} partitions (Kafka's CreatePartitions: the count can only
   * grow), or only validates when {@code validateOnly}.
   */
  Future<TopicInfo> createPartitions(String name, int totalCount, boolean validateOnly);

  /**
   * Every configuration of a topic with its effective value and where it comes from (topic
   * override, broker default, built-in default), as DescribeConfigs reports it.
   */
  Future<List<ConfigEntryView>> describeConfigs(String name);

  /**
   * Replaces a topic's configuration overrides with {@code overrides} (AlterConfigs semantics;
   * IncrementalAlterConfigs computes the new map from {@link TopicInfo#configOverrides()} and its
   * operations first). Validates every key and value; applies to the open logs at once.
   */
  Future<TopicInfo> replaceConfigs(String name, Map<String, String> overrides, boolean validateOnly);
}
