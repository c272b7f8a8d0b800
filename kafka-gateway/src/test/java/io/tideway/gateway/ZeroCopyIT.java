package io.tideway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.ListGroupsResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zero-copy hook: a handler answers with a header+body prefix in memory and the rest of the
 * body from a file region; the client must see one well-formed response.
 */
class ZeroCopyIT {

    private static final short VERSION = 3;
    private static final byte[] JUNK = {'x', 'y', 'z'};

    @TempDir
    Path dir;

    private ListGroupsResponseData data;
    private ByteBuffer head;
    private Path file;
    private int tailLength;

    @BeforeEach
    void encodeBodyAcrossMemoryAndFile() throws IOException {
        List<ListedGroup> groups = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            groups.add(new ListedGroup().setGroupId("group-" + i).setProtocolType("consumer"));
        }
        data = new ListGroupsResponseData().setGroups(groups);
        ByteBuffer body = MessageUtil.toByteBufferAccessor(data, VERSION).buffer();
        head = body.slice(body.position(), 7);
        ByteBuffer tail = body.slice(body.position() + 7, body.remaining() - 7);
        tailLength = tail.remaining();
        file = dir.resolve("segment.log");
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(JUNK)); // the region starts mid-file
            out.write(tail);
        }
    }

    @Test
    void fileChannelRegionFollowsTheInMemoryPrefix() throws Exception {
        AtomicInteger released = new AtomicInteger();
        TestHandler handler = TestHandler.of(ApiKeys.LIST_GROUPS, 0, 5, (ctx, request) -> {
            FileChannel channel = open(file);
            return Future.succeededFuture(Reply.ofParts(List.of(ResponsePart.bytes(head),
                    ResponsePart.fileRegion(channel, JUNK.length, tailLength)), () -> {
                        close(channel);
                        released.incrementAndGet();
                    }));
        });
        assertRoundTrip(handler);
        await().atMost(Duration.ofSeconds(10)).until(() -> released.get() == 2);
    }

    @Test
    void pathRegionFollowsTheInMemoryPrefix() throws Exception {
        TestHandler handler = TestHandler.of(ApiKeys.LIST_GROUPS, 0, 5, (ctx, request) ->
                Future.succeededFuture(Reply.ofParts(List.of(ResponsePart.bytes(head),
                        ResponsePart.file(file, JUNK.length, tailLength)), () -> { })));
        assertRoundTrip(handler);
    }

    @Test
    void regionBeyondTheEndOfTheFileClosesTheConnectionInsteadOfSendingShort() throws Exception {
        TestHandler handler = TestHandler.of(ApiKeys.LIST_GROUPS, 0, 5, (ctx, request) ->
                Future.succeededFuture(Reply.ofParts(List.of(ResponsePart.bytes(head),
                        ResponsePart.file(file, JUNK.length, tailLength + 100)), () -> { })));
        try (GatewayHarness harness = GatewayHarness.start(List.of(handler));
                WireClient client = harness.connect()) {
            client.send(PipeliningIT.listGroups(), 1);
            assertThat(client.awaitClosedByPeer()).isTrue();
        }
    }

    private void assertRoundTrip(TestHandler handler) throws Exception {
        try (GatewayHarness harness = GatewayHarness.start(List.of(handler));
                WireClient client = harness.connect()) {
            RequestHeader first = client.send(PipeliningIT.listGroups(), 1);
            RequestHeader second = client.send(PipeliningIT.listGroups(), 2);
            for (RequestHeader header : List.of(first, second)) {
                ListGroupsResponse response = (ListGroupsResponse) client.receive(header);
                assertThat(response.data().groups().stream().map(ListedGroup::groupId)
                        .collect(Collectors.toList()))
                        .hasSize(200).startsWith("group-0").endsWith("group-199");
                assertThat(response.data()).isEqualTo(data);
            }
        }
    }

    private static FileChannel open(Path path) {
        try {
            return FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
