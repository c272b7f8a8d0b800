package io.tideway.gateway.internal.fuzz;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Collects ERROR log events of the gateway, the engine and Netty: the fuzz oracle for "a bug
 * happened" where no exception reaches the caller. The gateway logs a handler that failed with a
 * non-Kafka exception, a response it could not encode and an error response it could not build at
 * ERROR; Netty's leak detector reports a leaked buffer at ERROR.
 *
 * <p>While installed, the gateway's own chatter (a DEBUG line per connection, a WARN line per
 * deliberately closed connection) is turned down to ERROR so millions of fuzz inputs do not flood
 * the output; the connection's lines saying why it closed are kept here instead, to explain a
 * finding. {@link #close()} restores the levels.
 *
 * <p>Thread-safe: events arrive from any thread.
 */
public final class ErrorLogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private static final String[] WATCHED = {"io.tideway", "io.netty", "io.vertx"};

    /** What a process out of file descriptors reports (Linux EMFILE). */
    private static final String NO_MORE_FILES = "Too many open files";

    /**
     * The ERROR events since the last drain.
     *
     * @param lines one rendered line (with its causes) per event
     * @param outOfFileDescriptors whether any was caused by the process running out of file
     *     descriptors: the engine reporting an exhausted environment, not a gateway bug
     */
    public record Drained(List<String> lines, boolean outOfFileDescriptors,
            List<String> connectionWarnings) {
    }

    private static final String CONNECTION_LOGGER = "io.tideway.gateway.internal.KafkaConnection";

    private final List<String> events = new ArrayList<>();
    private final List<String> connectionWarnings = new ArrayList<>();
    private boolean outOfFileDescriptors;
    private final List<Level> previousLevels = new ArrayList<>();
    private final Logger root;

    private ErrorLogCapture() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        setContext(context);
        setName("fuzz-errors");
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    /** Installs a capture on the root logger. */
    public static ErrorLogCapture install() {
        ErrorLogCapture capture = new ErrorLogCapture();
        LoggerContext context = (LoggerContext) capture.getContext();
        Logger gateway = context.getLogger("io.tideway");
        capture.previousLevels.add(gateway.getLevel());
        gateway.setLevel(Level.ERROR);
        // Why a connection closed (WARN, DEBUG for I/O) explains a finding; kept off the console.
        Logger connection = context.getLogger(CONNECTION_LOGGER);
        capture.previousLevels.add(connection.getLevel());
        connection.setLevel(Level.DEBUG);
        connection.setAdditive(false);
        capture.start();
        connection.addAppender(capture);
        capture.root.addAppender(capture);
        return capture;
    }

    @Override
    protected synchronized void append(ILoggingEvent event) {
        if (!watched(event.getLoggerName())) {
            return;
        }
        if (!event.getLevel().isGreaterOrEqual(Level.ERROR)) {
            if (CONNECTION_LOGGER.equals(event.getLoggerName())
                    && event.getMessage().startsWith("Closing")) {
                connectionWarnings.add(render(event));
            }
            return;
        }
        events.add(render(event));
    }

    private String render(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(event.getLoggerName()).append(": ")
                .append(event.getFormattedMessage());
        if (event.getKeyValuePairs() != null) {
            event.getKeyValuePairs().forEach(kv -> text.append(' ').append(kv.key).append('=')
                    .append(kv.value));
        }
        for (IThrowableProxy cause = event.getThrowableProxy(); cause != null;
                cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().contains(NO_MORE_FILES)) {
                outOfFileDescriptors = true;
            }
            text.append("\n  caused by ").append(cause.getClassName()).append(": ")
                    .append(cause.getMessage());
            var frames = cause.getStackTraceElementProxyArray();
            for (int i = 0; i < Math.min(8, frames.length); i++) {
                text.append("\n    ").append(frames[i].getSTEAsString());
            }
        }
        return text.toString();
    }

    private static boolean watched(String logger) {
        for (String prefix : WATCHED) {
            if (logger.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The ERROR events since the last call; clears them. */
    public synchronized Drained drain() {
        Drained drained = new Drained(List.copyOf(events), outOfFileDescriptors,
                List.copyOf(connectionWarnings));
        events.clear();
        connectionWarnings.clear();
        outOfFileDescriptors = false;
        return drained;
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) getContext();
        Logger connection = context.getLogger(CONNECTION_LOGGER);
        root.detachAppender(this);
        connection.detachAppender(this);
        connection.setAdditive(true);
        stop();
        context.getLogger("io.tideway").setLevel(previousLevels.get(0));
        connection.setLevel(previousLevels.get(1));
    }
}
