package io.tideway.perf.compare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The broker's default JVM options, {@code config/jvm.options} of a Tideway distribution, read
 * the way the {@code ./tideway} launcher reads them: one option per line, blank lines and lines
 * starting with {@code #} ignored, and heap options replaced when other heap options are given
 * (the launcher's {@code TIDEWAY_HEAP}).
 *
 * <p>Stateless; thread-safe.
 */
final class JvmOptionsFile {

    private JvmOptionsFile() {
    }

    /**
     * The options of {@code file}.
     *
     * @param heapOverride heap options replacing the file's; empty keeps the file's
     * @return the file's options (none when the file does not exist, as the launcher does)
     */
    static List<String> read(Path file, List<String> heapOverride) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            lines = List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return parse(lines, heapOverride);
    }

    /** {@link #read} on lines already read. */
    static List<String> parse(List<String> lines, List<String> heapOverride) {
        List<String> options = new ArrayList<>();
        for (String line : lines) {
            String option = line.strip();
            if (option.isEmpty() || option.startsWith("#")
                    || (!heapOverride.isEmpty() && isHeapOption(option))) {
                continue;
            }
            options.add(option);
        }
        options.addAll(heapOverride);
        return options;
    }

    /** The options that size the heap; the same list as the launcher's {@code is_heap_option}. */
    static boolean isHeapOption(String option) {
        return option.startsWith("-Xms") || option.startsWith("-Xmx") || option.startsWith("-Xmn")
                || option.startsWith("-XX:InitialHeapSize=")
                || option.startsWith("-XX:MaxHeapSize=") || option.startsWith("-XX:NewSize=")
                || option.startsWith("-XX:MaxNewSize=") || option.startsWith("-XX:MinHeapSize=")
                || (option.startsWith("-XX:") && option.contains("RAMPercentage="));
    }

    /** The heap options among {@code options}, for reports. */
    static List<String> heapOptions(List<String> options) {
        return options.stream().filter(JvmOptionsFile::isHeapOption).toList();
    }
}
