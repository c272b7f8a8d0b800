package io.tideway.gateway.internal;

import io.netty.channel.DefaultFileRegion;
import java.nio.channels.FileChannel;

/**
 * A Netty file region over a channel the caller keeps owning: unlike {@link DefaultFileRegion},
 * releasing it does not close the channel (a segment's channel serves many fetches). Being a
 * {@code DefaultFileRegion}, the native transports still send it with {@code sendfile}, and a file
 * that shrank below the region fails the write instead of sending short.
 *
 * <p>Thread contract: as Netty's: written once, on the channel's event loop.
 */
final class SharedFileRegion extends DefaultFileRegion {

    SharedFileRegion(FileChannel channel, long position, long count) {
        super(channel, position, count);
    }

    @Override
    protected void deallocate() {
        // The channel belongs to the handler's segment, released through Reply.release().
    }
}
