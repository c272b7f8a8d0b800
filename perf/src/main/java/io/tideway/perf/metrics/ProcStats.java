package io.tideway.perf.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads a process's CPU time from {@code /proc/<pid>/stat} (fields 14 {@code utime} and 15
 * {@code stime}, in clock ticks of {@value #TICKS_PER_SECOND} per second, Linux's fixed
 * {@code USER_HZ}) and its memory from {@code /proc/<pid>/status} ({@code VmRSS},
 * {@code VmHWM}). Linux only.
 *
 * <p>Stateless apart from the {@code /proc} root; thread-safe. Reading is blocking file I/O
 * (cheap, from procfs).
 */
public final class ProcStats {

    /** Linux's {@code USER_HZ}: the unit of {@code utime}/{@code stime} on every architecture. */
    static final int TICKS_PER_SECOND = 100;

    private final Path procRoot;

    /** Reads {@code /proc}. */
    public ProcStats() {
        this(Path.of("/proc"));
    }

    /** Reads another procfs-shaped directory (tests). */
    public ProcStats(Path procRoot) {
        this.procRoot = procRoot;
    }

    /**
     * One sample of {@code pid}, or empty when the process is gone or {@code /proc} is absent.
     *
     * @throws IllegalStateException when the files exist but do not have the expected shape
     */
    public Optional<ProcessSample> sample(long pid) {
        Path dir = procRoot.resolve(Long.toString(pid));
        String stat;
        String status;
        try {
            stat = Files.readString(dir.resolve("stat"));
            status = Files.readString(dir.resolve("status"));
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
        return Optional.of(new ProcessSample(cpuSeconds(stat), kilobytes(status, "VmRSS:") * 1024,
                kilobytes(status, "VmHWM:") * 1024));
    }

    /** CPU seconds from the text of {@code /proc/<pid>/stat}. */
    static double cpuSeconds(String stat) {
        // Field 2 (comm) is in parentheses and may contain spaces: parse after the last ')'.
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalStateException("unexpected /proc stat format: no ')' in " + stat);
        }
        String[] fields = stat.substring(close + 1).trim().split("\\s+");
        // fields[0] is field 3 (state): utime is field 14 -> index 11, stime field 15 -> 12.
        if (fields.length < 13) {
            throw new IllegalStateException("unexpected /proc stat format: " + fields.length
                    + " fields after comm");
        }
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks / (double) TICKS_PER_SECOND;
    }

    /** A {@code kB} value of {@code /proc/<pid>/status}, 0 when the line is missing. */
    static long kilobytes(String status, String key) {
        for (String line : status.split("\n")) {
            if (line.startsWith(key)) {
                String[] parts = line.substring(key.length()).trim().split("\\s+");
                return Long.parseLong(parts[0]);
            }
        }
        return 0;
    }
}
