package io.tideway.gateway.handlers.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.requests.FetchMetadata;
import org.apache.kafka.common.requests.FetchRequest;
import org.junit.jupiter.api.Test;

/** The session cache's slots and Kafka's eviction order. */
class FetchSessionCacheTest {

    private static final long EVICTION_MS = 120_000L;

    private final AtomicLong clock = new AtomicLong(1_000_000L);

    @Test
    void aFullCacheRefusesAnEquallyValuableSession() {
        FetchSessionCache cache = new FetchSessionCache(2, EVICTION_MS, clock::get);
        int first = create(cache, false, 3);
        int second = create(cache, false, 3);
        clock.addAndGet(EVICTION_MS + 1); // old enough to be evictable, not idle enough
        cache.touch(cache.get(first).orElseThrow());
        cache.touch(cache.get(second).orElseThrow());

        assertThat(create(cache, false, 3)).isEqualTo(FetchMetadata.INVALID_SESSION_ID);
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void aLargerSessionEvictsASmallerOneOnlyOnceItIsNoLongerNew() {
        FetchSessionCache cache = new FetchSessionCache(1, EVICTION_MS, clock::get);
        int small = create(cache, false, 1);

        assertThat(create(cache, false, 5)).isEqualTo(FetchMetadata.INVALID_SESSION_ID);
        clock.addAndGet(EVICTION_MS + 1);
        cache.touch(cache.get(small).orElseThrow());
        int large = create(cache, false, 5);

        assertThat(large).isPositive();
        assertThat(cache.get(small)).isEmpty();
        assertThat(cache.evictions()).isEqualTo(1);
    }

    @Test
    void anIdleSessionIsEvictedByAnyNewSession() {
        FetchSessionCache cache = new FetchSessionCache(1, EVICTION_MS, clock::get);
        int idle = create(cache, true, 10);
        clock.addAndGet(EVICTION_MS + 1);

        int fresh = create(cache, false, 1);

        assertThat(fresh).isPositive();
        assertThat(cache.get(idle)).isEmpty();
    }

    @Test
    void followersEvictNewConsumerSessionsButNotNewFollowerSessions() {
        FetchSessionCache cache = new FetchSessionCache(1, EVICTION_MS, clock::get);
        int consumer = create(cache, false, 50);

        int follower = create(cache, true, 1);
        int otherFollower = create(cache, true, 100);

        assertThat(follower).isPositive();
        assertThat(cache.get(consumer)).isEmpty();
        assertThat(otherFollower).isEqualTo(FetchMetadata.INVALID_SESSION_ID);
    }

    @Test
    void partitionCountFollowsTouchesAndRemovals() {
        FetchSessionCache cache = new FetchSessionCache(10, EVICTION_MS, clock::get);
        int first = create(cache, false, 3);
        int second = create(cache, false, 4);
        FetchSession session = cache.get(first).orElseThrow();
        session.update(new LinkedHashMap<>(), List.of(partition(0)));
        cache.touch(session);

        assertThat(cache.partitionCount()).isEqualTo(6);
        cache.remove(second);
        assertThat(cache.partitionCount()).isEqualTo(2);
        assertThat(cache.remove(second)).isEmpty();
    }

    @Test
    void newSessionsStartAtEpochOne() {
        FetchSessionCache cache = new FetchSessionCache(10, EVICTION_MS, clock::get);

        FetchSession session = cache.get(create(cache, false, 1)).orElseThrow();

        assertThat(session.epoch()).isEqualTo(1);
    }

    sealed interface Action permits Create, Touch, Remove, Advance {
    }

    record Create(boolean privileged, int size) implements Action {
    }

    record Touch(int which) implements Action {
    }

    record Remove(int which) implements Action {
    }

    record Advance(long millis) implements Action {
    }

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<Action> create = Combinators.combine(Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 20)).as(Create::new);
        Arbitrary<Integer> which = Arbitraries.integers().between(0, 50);
        return Arbitraries.frequencyOf(
                        Tuple.of(6, create),
                        Tuple.of(3, which.map(Touch::new)),
                        Tuple.of(1, which.map(Remove::new)),
                        Tuple.of(2, Arbitraries.longs().between(0, 2 * EVICTION_MS)
                                .map(Advance::new)))
                .list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 200)
    void slotsBoundTheCacheAndCountsStayConsistent(@ForAll("actions") List<Action> actions,
            @ForAll("slots") int slots) {
        FetchSessionCache cache = new FetchSessionCache(slots, EVICTION_MS, clock::get);
        List<Integer> created = new ArrayList<>();
        for (Action action : actions) {
            if (action instanceof Create create) {
                int id = create(cache, create.privileged(), create.size());
                if (id != FetchMetadata.INVALID_SESSION_ID) {
                    assertThat(id).isPositive();
                    assertThat(created).doesNotContain(id);
                    created.add(id);
                }
            } else if (action instanceof Touch touch) {
                live(cache, created, touch.which()).ifPresent(cache::touch);
            } else if (action instanceof Remove remove) {
                live(cache, created, remove.which()).ifPresent(cache::remove);
            } else {
                clock.addAndGet(((Advance) action).millis());
            }
            assertThat(cache.size()).isLessThanOrEqualTo(slots);
            long partitions = 0;
            Set<Integer> live = new HashSet<>();
            for (int id : created) {
                Optional<FetchSession> session = cache.get(id);
                if (session.isPresent()) {
                    partitions += session.get().size();
                    live.add(id);
                }
            }
            assertThat(live).hasSize(cache.size());
            assertThat(cache.partitionCount()).isEqualTo(partitions);
        }
    }

    @Provide
    Arbitrary<Integer> slots() {
        return Arbitraries.integers().between(0, 6);
    }

    private static Optional<FetchSession> live(FetchSessionCache cache, List<Integer> created,
            int which) {
        return created.isEmpty() ? Optional.empty()
                : cache.get(created.get(which % created.size()));
    }

    private static int create(FetchSessionCache cache, boolean privileged, int size) {
        return cache.maybeCreate(privileged, size, false, () -> {
            LinkedHashMap<FetchSession.Key, CachedPartition> partitions = new LinkedHashMap<>();
            for (int i = 0; i < size; i++) {
                TopicIdPartition partition = partition(i);
                partitions.put(FetchSession.key(partition, false), CachedPartition.requested(
                        partition, new FetchRequest.PartitionData(Uuid.ZERO_UUID, 0, -1, 1000,
                                Optional.empty())));
            }
            return partitions;
        });
    }

    private static TopicIdPartition partition(int index) {
        return new TopicIdPartition(Uuid.ZERO_UUID, index, "topic");
    }
}
