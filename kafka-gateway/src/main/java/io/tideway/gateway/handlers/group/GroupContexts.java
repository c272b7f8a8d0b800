package io.tideway.gateway.handlers.group;

import io.tideway.broker.GroupRequestContext;
import io.tideway.gateway.RequestContext;

/**
 * Translates the gateway's request context into the coordinator's.
 *
 * <p>Thread contract: stateless.
 */
final class GroupContexts {

    private GroupContexts() {
    }

    /** The client id, the client's host as Kafka shows it ({@code /127.0.0.1}) and the version. */
    static GroupRequestContext of(RequestContext context) {
        String host = context.remoteAddress().hostAddress();
        return new GroupRequestContext(context.clientId(), "/" + (host == null ? "" : host),
                context.apiVersion());
    }
}
