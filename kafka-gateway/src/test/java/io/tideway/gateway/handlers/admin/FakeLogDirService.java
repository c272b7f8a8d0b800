package io.tideway.gateway.handlers.admin;

import io.tideway.broker.LogDirService;
import java.util.List;

/** Log directories set by the test. Thread-safe. */
final class FakeLogDirService implements LogDirService {

    private volatile List<LogDirInfo> dirs = List.of();

    void set(List<LogDirInfo> logDirs) {
        dirs = List.copyOf(logDirs);
    }

    @Override
    public List<LogDirInfo> describe() {
        return dirs;
    }
}
