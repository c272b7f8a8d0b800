package io.tideway.perf.report;

import io.tideway.perf.run.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a results directory: {@value #JSON}, {@value #MARKDOWN} and the PNG charts
 * {@value #PUBLISH_PNG}, {@value #E2E_PNG} and {@value #THROUGHPUT_PNG}.
 *
 * <p>Stateless; thread-safe. Writing is blocking file I/O; existing files are replaced.
 */
public final class ReportWriter {

    /** Machine-readable results. */
    public static final String JSON = "results.json";
    /** Human-readable summary. */
    public static final String MARKDOWN = "summary.md";
    /** Publish latency percentiles. */
    public static final String PUBLISH_PNG = "publish-latency.png";
    /** End-to-end latency percentiles. */
    public static final String E2E_PNG = "e2e-latency.png";
    /** Throughput over time. */
    public static final String THROUGHPUT_PNG = "throughput.png";

    private ReportWriter() {
    }

    /** {@code <root>/<yyyyMMdd-HHmmss>}, not yet created. */
    public static Path timestampedDir(Path root) {
        return root.resolve(LocalDateTime.now()
                .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    /**
     * Writes every report file into {@code dir} (created if missing) and returns the paths.
     *
     * @param environment machine and settings facts, shown at the top of each report
     * @throws UncheckedIOException when a file cannot be written
     */
    public static List<Path> write(Path dir, Map<String, String> environment,
            List<RunResult> runs, List<Comparison> comparisons) {
        System.setProperty("java.awt.headless", "true");
        try {
            Files.createDirectories(dir);
            List<Path> written = new ArrayList<>();
            written.add(Files.writeString(dir.resolve(JSON),
                    JsonReport.render(environment, runs, comparisons)));
            written.add(Files.writeString(dir.resolve(MARKDOWN),
                    MarkdownReport.render(environment, runs, comparisons)));
            Charts.latency(dir.resolve(PUBLISH_PNG), "Publish latency (from intended send time)",
                    runs, RunResult::publishHistogram);
            written.add(dir.resolve(PUBLISH_PNG));
            Charts.latency(dir.resolve(E2E_PNG), "End-to-end latency (from intended send time)",
                    runs, RunResult::endToEndHistogram);
            written.add(dir.resolve(E2E_PNG));
            Charts.throughput(dir.resolve(THROUGHPUT_PNG), runs);
            written.add(dir.resolve(THROUGHPUT_PNG));
            return List.copyOf(written);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report into " + dir, e);
        }
    }
}
