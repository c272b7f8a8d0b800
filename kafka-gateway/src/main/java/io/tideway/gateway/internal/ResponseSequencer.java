package io.tideway.gateway.internal;

import java.util.ArrayDeque;
import java.util.function.BiConsumer;

/**
 * Keeps a connection's responses in request order: requests take a slot when they arrive, and a
 * completed slot is released to the sink only once every earlier slot has been released. Clients
 * check correlation ids, so a response may never overtake an earlier one.
 *
 * <p>Invariants: the sink sees slots exactly once, in {@link #enqueue} order; {@link #inFlight()}
 * counts slots enqueued but not yet released. After {@link #close()} nothing reaches the sink
 * again and completions are handed to the discard callback instead.
 *
 * <p>Thread contract: confined to the owning connection's event loop; not thread-safe.
 *
 * @param <K> what identifies a request (header, decoded request, ...)
 * @param <V> what a request completes with
 */
public final class ResponseSequencer<K, V> {

    /** One request's place in line. */
    public static final class Slot<K, V> {
        private final K key;
        private V value;
        private boolean done;

        private Slot(K key) {
            this.key = key;
        }

        /** The request this slot stands for. */
        public K key() {
            return key;
        }
    }

    private final ArrayDeque<Slot<K, V>> line = new ArrayDeque<>();
    private final BiConsumer<K, V> sink;
    private final BiConsumer<K, V> discard;
    private boolean closed;
    private boolean pumping;

    /**
     * @param sink receives completed slots in order
     * @param discard receives values completed after {@link #close()} or pending at close, so
     *     their resources can be released
     */
    public ResponseSequencer(BiConsumer<K, V> sink, BiConsumer<K, V> discard) {
        this.sink = sink;
        this.discard = discard;
    }

    /** Takes the next slot in line. */
    public Slot<K, V> enqueue(K key) {
        if (closed) {
            throw new IllegalStateException("Sequencer is closed");
        }
        Slot<K, V> slot = new Slot<>(key);
        line.addLast(slot);
        return slot;
    }

    /** Completes a slot and releases every slot now at the head of the line. */
    public void complete(Slot<K, V> slot, V value) {
        if (slot.done) {
            throw new IllegalStateException("Slot completed twice");
        }
        slot.done = true;
        slot.value = value;
        if (closed) {
            discard.accept(slot.key, value);
            return;
        }
        pump();
    }

    /** Requests enqueued and not yet released to the sink. */
    public int inFlight() {
        return line.size();
    }

    /** Stops releasing; completed-but-unreleased values go to the discard callback. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Slot<K, V> slot : line) {
            if (slot.done) {
                discard.accept(slot.key, slot.value);
            }
        }
        line.clear();
    }

    private void pump() {
        if (pumping) {
            return; // the sink completed a slot re-entrantly; the outer loop picks it up
        }
        pumping = true;
        try {
            while (!closed && !line.isEmpty() && line.peekFirst().done) {
                Slot<K, V> head = line.pollFirst();
                sink.accept(head.key, head.value);
            }
        } finally {
            pumping = false;
        }
    }
}
