package io.tideway.metadata.store;

import io.tideway.metadata.MetadataException;

/**
 * An operation named a topic (by name or id) that does not exist (Kafka's
 * {@code UNKNOWN_TOPIC_OR_PARTITION} or {@code UNKNOWN_TOPIC_ID}). Immutable and thread-safe.
 */
public class UnknownTopicException extends MetadataException {

    /** @param topic the name or id that was not found */
    public UnknownTopicException(String topic) {
        super("Topic " + topic + " does not exist");
    }
}
