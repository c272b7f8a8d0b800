package io.tideway.server;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code tideway} command line: {@code start [--config FILE]}, {@code config-reference} and
 * {@code help}. Exit status: 0 success (including a clean stop on SIGTERM or Ctrl-C), 1 the broker
 * could not start, 2 usage error.
 *
 * <p>{@code start} holds the main thread until the JVM shuts down; the shutdown hook stops the
 * broker (listeners, engine, Vert.x, metadata store, data-directory locks) and then ends the
 * process with status 0, because a requested stop that completed cleanly is a success (the JVM
 * would otherwise report 143 for SIGTERM).
 *
 * <p>Thread contract: {@link #run} is called once, from the main thread.
 */
public final class Main {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;

    static final String USAGE = """
            Usage: tideway <command> [options]

            Commands:
              start [--config FILE]   Start a broker; stop it with SIGTERM or Ctrl-C.
              config-reference        Print every configuration key as a Markdown table.
              help                    Show this help.

            Configuration: a Kafka-style properties file, overridden by environment variables
            TIDEWAY_<KEY> (upper case, dots as underscores): TIDEWAY_LOG_DIRS=/data sets log.dirs.
            TIDEWAY_HEAP replaces the default heap options and TIDEWAY_JAVA_OPTS adds JVM options
            (launcher script only; defaults in config/jvm.options).
            """;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;
    private final AtomicReference<TidewayServer> running = new AtomicReference<>();
    private volatile boolean exiting;
    /** Never counted down: the main thread parks on it until the shutdown hook halts the JVM. */
    private final CountDownLatch shutdown = new CountDownLatch(1);

    Main(PrintStream out, PrintStream err, Map<String, String> environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    /** Entry point; see the class documentation for exit statuses. */
    public static void main(String[] args) {
        Main main = new Main(System.out, System.err, System.getenv());
        int status = main.run(args);
        main.exiting = true; // our own exit: the shutdown hook must keep this status
        System.exit(status);
    }

    /** Runs a command; for {@code start} returns only if the broker failed to start. */
    int run(String[] args) {
        if (args.length == 0) {
            err.print(USAGE);
            return EXIT_USAGE;
        }
        switch (args[0]) {
            case "help", "--help", "-h":
                out.print(USAGE);
                return EXIT_OK;
            case "config-reference":
                out.print(ConfigReference.markdown());
                return EXIT_OK;
            case "start":
                return start(args);
            default:
                err.println("tideway: unknown command '" + args[0] + "'");
                err.print(USAGE);
                return EXIT_USAGE;
        }
    }

    private int start(String[] args) {
        StartupWarmup.start(); // first: it overlaps everything up to the listeners' binding
        Path configFile = null;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                configFile = Path.of(args[++i]);
            } else if (args[i].startsWith("--config=")) {
                configFile = Path.of(args[i].substring("--config=".length()));
            } else {
                err.println("tideway: unexpected argument '" + args[i] + "' for start");
                err.print(USAGE);
                return EXIT_USAGE;
            }
        }
        Logger log = LoggerFactory.getLogger(Main.class);
        try {
            BrokerConfig config = BrokerConfig.load(configFile, environment);
            // Registered before binding so a SIGTERM during start-up still ends with status 0.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(log), "tideway-shutdown"));
            running.set(TidewayServer.start(config)); // logs the ready line
        } catch (ConfigurationException | StartupException e) {
            log.atError().setMessage("Tideway cannot start").addKeyValue("reason", e.getMessage())
                    .log();
            err.println("tideway: " + e.getMessage());
            return EXIT_FAILURE;
        }
        awaitUninterruptibly(shutdown); // the shutdown hook ends the process
        return EXIT_OK;
    }

    /**
     * Shutdown hook. A stop requested from outside (SIGTERM, Ctrl-C) ends the process with status
     * 0 once the broker is closed; our own {@code System.exit} (start-up failed) keeps its status.
     * Decided first: the main thread sets {@code exiting} only on its own way out.
     */
    private void stop(Logger log) {
        boolean requestedFromOutside = !exiting;
        TidewayServer server = running.getAndSet(null);
        if (server != null) {
            log.atInfo().setMessage("Tideway stopping").log();
            server.close();
            log.atInfo().setMessage("Tideway stopped").log();
        }
        if (requestedFromOutside) {
            Runtime.getRuntime().halt(EXIT_OK);
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException e) {
                // Only the shutdown hook ends the broker.
            }
        }
    }
}
