package io.tideway.server;

import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * The broker's logging, configured in code: one line per event on standard output (time, level,
 * thread, logger, message, the event's key-values, then any stack trace), INFO and above, Netty,
 * Vert.x and Kafka's client library at WARN. Logback finds this class through
 * {@code META-INF/services}. Configuring in code rather than from a {@code logback.xml} spares
 * every start logback's XML parsing (the JDK's XML parser and Joran, a noticeable part of the
 * time before the broker can open its stores).
 *
 * <p>To log differently, pass {@code -Dlogback.configurationFile=FILE} (through
 * {@code TIDEWAY_JAVA_OPTS} with the launcher): this configurator then steps aside and logback
 * reads that file as usual.
 *
 * <p>Thread contract: logback calls {@link #configure} once, while its context initialises.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {

    /** The layout of a line: {@code 2026-11-21T10:15:30.123Z INFO  [main] a.b.C - text k="v"}. */
    static final String PATTERN =
            "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg %kvp%n%ex";

    /** Logback instantiates configurators through {@link java.util.ServiceLoader}. */
    public LogConfigurator() {
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty(ClassicConstants.CONFIG_FILE_PROPERTY) != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY; // logback's own configurator reads it
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("STDOUT");
        console.setEncoder(encoder);
        console.start();
        for (String quiet : new String[] {"io.netty", "io.vertx", "org.apache.kafka"}) {
            context.getLogger(quiet).setLevel(Level.WARN);
        }
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
