package io.tideway.gateway.handlers.group;

import io.tideway.broker.ConfigEntryView;
import io.tideway.broker.TopicInfo;
import io.tideway.broker.TopicService;
import io.tideway.broker.TopicSpec;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.Uuid;

/**
 * A fixed topic catalogue for the group handlers, which only resolve names and ids (OffsetCommit
 * and OffsetFetch v10). Every other operation fails with {@link UnsupportedOperationException}.
 *
 * <p>Thread contract: thread-safe (a concurrent map).
 */
final class FakeTopics implements TopicService {

    private final Map<String, TopicInfo> byName = new ConcurrentHashMap<>();

    /** Adds a topic with a fresh id; returns it. */
    TopicInfo add(String name, int partitions) {
        TopicInfo info = new TopicInfo(name, Uuid.randomUuid(), partitions, Map.of(), false);
        byName.put(name, info);
        return info;
    }

    @Override
    public Collection<TopicInfo> all() {
        return List.copyOf(byName.values());
    }

    @Override
    public Optional<TopicInfo> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public Optional<TopicInfo> byId(Uuid id) {
        return byName.values().stream().filter(t -> t.id().equals(id)).findFirst();
    }

    @Override
    public Future<TopicInfo> create(TopicSpec spec, boolean validateOnly) {
        throw unsupported();
    }

    @Override
    public Future<TopicInfo> autoCreate(String name) {
        throw unsupported();
    }

    @Override
    public boolean autoCreateEnabled() {
        return false;
    }

    @Override
    public Future<TopicInfo> delete(String name) {
        throw unsupported();
    }

    @Override
    public Future<TopicInfo> delete(Uuid id) {
        throw unsupported();
    }

    @Override
    public Future<TopicInfo> createPartitions(String name, int totalCount, boolean validateOnly) {
        throw unsupported();
    }

    @Override
    public Future<List<ConfigEntryView>> describeConfigs(String name) {
        throw unsupported();
    }

    @Override
    public Future<TopicInfo> replaceConfigs(String name, Map<String, String> overrides,
            boolean validateOnly) {
        throw unsupported();
    }

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("not used by the group handlers");
    }
}
