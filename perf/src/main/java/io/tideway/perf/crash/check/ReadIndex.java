package io.tideway.perf.crash.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each send appears in one view: its occurrences by {@link WriteId}.
 *
 * <p>Thread contract: built and read on the checking thread; not thread-safe.
 */
final class ReadIndex {

    private final Map<WriteId, List<ReadRecord>> byId = new LinkedHashMap<>();

    ReadIndex(ReadView view) {
        for (ReadRecord r : view.records()) {
            byId.computeIfAbsent(r.tag().id(), k -> new ArrayList<>(1)).add(r);
        }
    }

    /** Occurrences of a send, empty when absent. */
    List<ReadRecord> find(WriteId id) {
        return byId.getOrDefault(id, List.of());
    }

    boolean contains(WriteId id) {
        return byId.containsKey(id);
    }

    /** Whether the send appears at exactly this partition and offset. */
    boolean at(WriteId id, int partition, long offset) {
        for (ReadRecord r : find(id)) {
            if (r.partition() == partition && r.offset() == offset) {
                return true;
            }
        }
        return false;
    }

    Map<WriteId, List<ReadRecord>> all() {
        return byId;
    }
}
