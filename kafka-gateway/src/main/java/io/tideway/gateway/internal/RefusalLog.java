package io.tideway.gateway.internal;

import io.tideway.gateway.ConnectionQuotas;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs connections refused at accept, at most one WARN line per interval: a client retrying in a
 * tight loop, or a connection flood, must not flood the log. Each line names the refused peer, the
 * listener, the limit (its configuration key, value and the connections it counts) and how many
 * refusals were left unlogged since the previous line. Public only for {@link
 * io.tideway.gateway.KafkaGateway}.
 *
 * <p>Thread-safe: the listener's accepting event loops share one instance; lock-free.
 */
public final class RefusalLog {

    /** The default interval between two lines. */
    static final Duration INTERVAL = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(RefusalLog.class);

    private final String listenerName;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final AtomicLong nextLineAt;
    private final AtomicLong unlogged = new AtomicLong();

    public RefusalLog(String listenerName) {
        this(listenerName, INTERVAL, System::nanoTime);
    }

    RefusalLog(String listenerName, Duration interval, LongSupplier nanoClock) {
        this.listenerName = listenerName;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        this.nextLineAt = new AtomicLong(nanoClock.getAsLong());
    }

    /**
     * Records one refusal; logs it unless a line was logged less than an interval ago.
     *
     * @return whether a line was logged
     */
    boolean refused(SocketAddress remote, ConnectionQuotas.Refusal refusal) {
        long now = nanoClock.getAsLong();
        long next = nextLineAt.get();
        if (now - next < 0 || !nextLineAt.compareAndSet(next, now + intervalNanos)) {
            unlogged.incrementAndGet();
            return false;
        }
        log.atWarn().setMessage("Closing new connection: connection limit reached")
                .addKeyValue("remote", remote)
                .addKeyValue("listener", listenerName)
                .addKeyValue("limit", refusal.config())
                .addKeyValue("value", refusal.limit())
                .addKeyValue("open", refusal.open())
                .addKeyValue("refusedUnlogged", unlogged.getAndSet(0))
                .log();
        return true;
    }
}
