/**
 * Topic administration ({@link io.tideway.broker.internal.topic.TopicManager}, the
 * {@code TopicService}) and the in-memory catalogue of topics and their partitions
 * ({@link io.tideway.broker.internal.topic.TopicCatalog}, also the {@code PartitionService}).
 * Every change is a metadata transaction first and then a change to the partitions' logs, undone
 * where Kafka would not leave it half-done (a topic whose logs cannot be created is deleted
 * again).
 *
 * <p>Thread contract: thread-safe. The catalogue is an immutable snapshot behind a volatile field,
 * replaced under a lock; lookups never block. Administrative changes are serialized through one
 * chain of futures, so they apply in order and never interleave; their futures complete on
 * metadata or Vert.x threads.
 */
package io.tideway.broker.internal.topic;
