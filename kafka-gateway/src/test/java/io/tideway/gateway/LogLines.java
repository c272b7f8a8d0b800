package io.tideway.gateway;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/** Captures the lines one logger writes, rendered as "LEVEL message key=value ...". */
final class LogLines implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LogLines(Class<?> loggerOf) {
        logger = (Logger) LoggerFactory.getLogger(loggerOf);
        appender.start();
        logger.addAppender(appender);
    }

    /** Every line so far. */
    List<String> lines() {
        synchronized (appender) { // AppenderBase appends under this lock
            return appender.list.stream().map(LogLines::render).toList();
        }
    }

    private static String render(ILoggingEvent event) {
        String pairs = event.getKeyValuePairs() == null ? "" : event.getKeyValuePairs().stream()
                .map(kv -> kv.key + "=" + kv.value).collect(Collectors.joining(" "));
        return event.getLevel() + " " + event.getFormattedMessage() + " " + pairs;
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
    }
}
