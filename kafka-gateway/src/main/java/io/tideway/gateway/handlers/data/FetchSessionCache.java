package io.tideway.gateway.handlers.data;

import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.requests.FetchMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker-wide cache of incremental fetch sessions (KIP-227), bounded like Kafka's by {@code
 * max.incremental.fetch.session.cache.slots} sessions. When it is full, a new session may evict
 * one (Kafka's {@code FetchSessionCacheShard.tryEvict}):
 *
 * <ol>
 *   <li>the least recently used session, if it has been idle longer than the eviction time
 *       (Kafka's 120 s minimum);
 *   <li>otherwise the least valuable evictable session, if the new one is worth more. Sessions
 *       compare by privilege (follower sessions first), then partition count, then id; a session
 *       younger than the eviction time can only be evicted by a privileged one, and only if it is
 *       unprivileged.
 * </ol>
 *
 * If nothing can be evicted the fetch is answered without a session (session id 0), as Kafka does.
 * Session ids are random, positive and unique in the cache.
 *
 * <p>Thread contract: thread-safe; every method holds this cache's monitor, briefly (map and tree
 * updates; no I/O). Handlers on every event loop share one cache. A method that also touches a
 * session takes the session's monitor after this one (never the reverse order).
 */
final class FetchSessionCache {

    /** Kafka's {@code max.incremental.fetch.session.cache.slots} default. */
    static final int DEFAULT_SLOTS = 1000;
    /** Kafka's minimum incremental fetch session eviction time. */
    static final long DEFAULT_EVICTION_MS = 120_000L;

    private static final Logger log = LoggerFactory.getLogger(FetchSessionCache.class);
    private static final Comparator<FetchSession> BY_LAST_USE = Comparator
            .<FetchSession>comparingLong(FetchSession::lastUsedMs)
            .thenComparingInt(FetchSession::id);
    private static final Comparator<FetchSession> BY_VALUE = Comparator
            .<FetchSession, Boolean>comparing(FetchSession::privileged)
            .thenComparingInt(FetchSession::cachedSize)
            .thenComparingInt(FetchSession::id);

    private final int maxEntries;
    private final long evictionMs;
    private final LongSupplier clock;
    private final Map<Integer, FetchSession> sessions = new HashMap<>();
    private final TreeSet<FetchSession> lastUsed = new TreeSet<>(BY_LAST_USE);
    private final TreeSet<FetchSession> evictableByAll = new TreeSet<>(BY_VALUE);
    private final TreeSet<FetchSession> evictableByPrivileged = new TreeSet<>(BY_VALUE);
    private long partitionCount;
    private long evictions;

    /**
     * @param maxEntries the number of session slots; 0 disables incremental sessions
     * @param evictionMs how long a session is protected after creation and before it is stale
     * @param clock milliseconds, for example {@code System::currentTimeMillis}
     */
    FetchSessionCache(int maxEntries, long evictionMs, LongSupplier clock) {
        if (maxEntries < 0 || evictionMs < 0) {
            throw new IllegalArgumentException("Fetch session cache needs maxEntries >= 0 and"
                    + " evictionMs >= 0, got " + maxEntries + " and " + evictionMs);
        }
        this.maxEntries = maxEntries;
        this.evictionMs = evictionMs;
        this.clock = clock;
    }

    long now() {
        return clock.getAsLong();
    }

    synchronized Optional<FetchSession> get(int sessionId) {
        return Optional.ofNullable(sessions.get(sessionId));
    }

    synchronized int size() {
        return sessions.size();
    }

    /** Partitions cached over every session. */
    synchronized long partitionCount() {
        return partitionCount;
    }

    /** Sessions evicted so far. */
    synchronized long evictions() {
        return evictions;
    }

    /**
     * Creates a session if a slot is free or can be freed.
     *
     * @param privileged whether a follower asks
     * @param size the number of partitions the session would cache
     * @param partitions builds its partitions, only when it is created
     * @return the new session's id, or {@link FetchMetadata#INVALID_SESSION_ID}
     */
    synchronized int maybeCreate(boolean privileged, int size, boolean usesTopicIds,
            Supplier<LinkedHashMap<FetchSession.Key, CachedPartition>> partitions) {
        long now = now();
        if (sessions.size() >= maxEntries && !tryEvict(privileged, size, now)) {
            log.atDebug().setMessage("No fetch session slot available")
                    .addKeyValue("privileged", privileged).addKeyValue("partitions", size).log();
            return FetchMetadata.INVALID_SESSION_ID;
        }
        FetchSession session = new FetchSession(newSessionId(), privileged, usesTopicIds, now,
                FetchMetadata.nextEpoch(FetchMetadata.INITIAL_EPOCH), partitions.get());
        sessions.put(session.id(), session);
        touch(session, now);
        log.atDebug().setMessage("Created fetch session").addKeyValue("session", session).log();
        return session.id();
    }

    private int newSessionId() {
        int id;
        do {
            id = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
        } while (sessions.containsKey(id));
        return id;
    }

    private boolean tryEvict(boolean privileged, int size, long now) {
        if (lastUsed.isEmpty()) {
            return false;
        }
        FetchSession oldest = lastUsed.first();
        if (now - oldest.lastUsedMs() > evictionMs) {
            evict(oldest, "stale");
            return true;
        }
        TreeSet<FetchSession> candidates = privileged ? evictableByPrivileged : evictableByAll;
        if (candidates.isEmpty()) {
            return false;
        }
        FetchSession least = candidates.first();
        int comparison = Boolean.compare(privileged, least.privileged());
        if (comparison == 0) {
            comparison = Integer.compare(size, least.cachedSize());
        }
        // Kafka gives the new session id 0, below every real id: a tie is not worth an eviction.
        if (comparison <= 0) {
            return false;
        }
        evict(least, "less valuable");
        return true;
    }

    private void evict(FetchSession session, String reason) {
        remove(session);
        evictions++;
        log.atDebug().setMessage("Evicted fetch session").addKeyValue("session", session)
                .addKeyValue("reason", reason).log();
    }

    synchronized Optional<FetchSession> remove(int sessionId) {
        FetchSession session = sessions.get(sessionId);
        return session == null ? Optional.empty() : remove(session);
    }

    synchronized Optional<FetchSession> remove(FetchSession session) {
        if (sessions.get(session.id()) != session) {
            return Optional.empty();
        }
        lastUsed.remove(session);
        evictableByAll.remove(session);
        evictableByPrivileged.remove(session);
        sessions.remove(session.id());
        partitionCount -= session.cachedSize();
        session.cachedSize(-1);
        return Optional.of(session);
    }

    /** Records a use of {@code session}: its idle time restarts and its size is re-read. */
    synchronized void touch(FetchSession session) {
        touch(session, now());
    }

    private void touch(FetchSession session, long now) {
        // Tree membership depends on the fields about to change: take it out first.
        lastUsed.remove(session);
        evictableByAll.remove(session);
        evictableByPrivileged.remove(session);
        if (session.cachedSize() != -1) {
            partitionCount -= session.cachedSize();
        }
        session.lastUsedMs(now);
        session.cachedSize(session.size());
        lastUsed.add(session);
        boolean old = now - session.creationMs() > evictionMs;
        if (!session.privileged() || old) {
            evictableByPrivileged.add(session);
        }
        if (old) {
            evictableByAll.add(session);
        }
        partitionCount += session.cachedSize();
    }
}
