package io.tideway.metadata.store;

import io.tideway.metadata.MetadataException;

/**
 * A topic could not be created because a topic of that name exists (Kafka's
 * {@code TOPIC_ALREADY_EXISTS}). Immutable and thread-safe.
 */
public class TopicExistsException extends MetadataException {

    private final String topic;

    /** @param topic the topic name that is taken */
    public TopicExistsException(String topic) {
        super("Topic '" + topic + "' already exists");
        this.topic = topic;
    }

    /** @return the topic name */
    public String topic() {
        return topic;
    }
}
