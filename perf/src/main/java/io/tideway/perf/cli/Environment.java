package io.tideway.perf.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Facts about the machine a report comes from: date, cores, memory, load average at the start,
 * OS and JVM. Load is part of it because the benchmark machine may be shared.
 *
 * <p>Stateless; thread-safe. Reads {@code /proc} (blocking, cheap).
 */
final class Environment {

    private Environment() {
    }

    static Map<String, String> describe() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("date", ZonedDateTime.now().toString());
        env.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        env.put("memory", memory());
        env.put("load average (1/5/15 min) at start", loadAverage());
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version")
                + " " + System.getProperty("os.arch"));
        env.put("harness JVM", System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version"));
        env.put("harness JVM args", String.join(" ",
                ManagementFactory.getRuntimeMXBean().getInputArguments()));
        return env;
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D", ""));
                    return (kb >> 20) + " GiB";
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
        return "unknown";
    }
}
