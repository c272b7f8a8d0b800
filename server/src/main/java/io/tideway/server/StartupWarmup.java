package io.tideway.server;

import java.util.List;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * Initialises, on a short-lived daemon thread started first thing at start-up, the classes of
 * Kafka's protocol library that cost most to initialise and that the broker needs only once it
 * registers its API handlers, just before its listeners bind: {@code Errors} (about 140 exception
 * constructors, each linked through a lambda: a fifth of a second of CPU on a loaded 2-core
 * machine) and {@code ApiKeys} with every message schema. Initialised by the main thread they
 * would come after the metadata store and the engine have started; here they overlap logging
 * set-up, configuration loading, the store and the engine.
 *
 * <p>Why this is safe: the JVM initialises a class once, under its initialisation lock; whichever
 * thread needs one of these classes first initialises it and any other waits for it. The classes
 * warmed here depend only on Kafka's protocol and error classes and the JDK, never on a Tideway
 * class, so no thread can hold a lock this thread waits for while waiting for this one. A failure
 * here is ignored: the main thread then meets the same error where it uses the class.
 *
 * <p>Thread contract: {@link #start} is called once, from the main thread.
 */
final class StartupWarmup {

    /** The classes to initialise, costliest first (a class literal loads, never initialises). */
    static final List<Class<?>> CLASSES = List.of(Errors.class, ApiKeys.class);

    private StartupWarmup() {
    }

    /** Starts the warm-up thread and returns at once. */
    static void start() {
        Thread thread = new Thread(StartupWarmup::initialise, "tideway-warmup");
        thread.setDaemon(true); // never holds up an exit
        thread.start();
    }

    private static void initialise() {
        for (Class<?> type : CLASSES) {
            try {
                Class.forName(type.getName(), true, type.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                return; // the main thread reports it where the class is needed
            }
        }
    }
}
