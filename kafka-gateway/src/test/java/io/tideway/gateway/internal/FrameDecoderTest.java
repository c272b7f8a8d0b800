package io.tideway.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.Arrays;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    private static final class Recorder implements FrameDecoder.Listener {
        final List<byte[]> frames = new ArrayList<>();
        final List<String> errors = new ArrayList<>();
        FrameDecoder decoder;
        boolean pauseAfterEachFrame;

        @Override
        public void onFrame(ByteBuffer frame) {
            byte[] bytes = new byte[frame.remaining()];
            frame.get(bytes);
            frames.add(bytes);
            if (pauseAfterEachFrame) {
                decoder.pause();
            }
        }

        @Override
        public void onInvalidFrame(String reason, int size) {
            errors.add(reason + ":" + size);
        }
    }

    @Provide
    Arbitrary<List<byte[]>> frames() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300).list().ofMaxSize(20);
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(1, 64).list().ofMinSize(1).ofMaxSize(50);
    }

    @Property(tries = 300)
    void anySplitOfTheStreamYieldsTheSameFrames(@ForAll("frames") List<byte[]> frames,
            @ForAll("cuts") List<Integer> cuts) {
        Recorder recorder = new Recorder();
        FrameDecoder decoder = new FrameDecoder(1024, recorder);
        feedInPieces(decoder, encode(frames), cuts);

        assertThat(recorder.errors).isEmpty();
        assertThat(recorder.frames).containsExactlyElementsOf(frames);
    }

    @Property(tries = 200)
    void pausingAfterEveryFrameLosesAndReordersNothing(@ForAll("frames") List<byte[]> frames,
            @ForAll("cuts") List<Integer> cuts) {
        Recorder recorder = new Recorder();
        FrameDecoder decoder = new FrameDecoder(1024, recorder);
        recorder.decoder = decoder;
        recorder.pauseAfterEachFrame = true;
        feedInPieces(decoder, encode(frames), cuts);
        for (int resumes = 0; recorder.frames.size() < frames.size() && resumes <= frames.size();
                resumes++) {
            decoder.resume();
        }
        assertThat(recorder.frames).containsExactlyElementsOf(frames);
    }

    /**
     * The connection feeds views of pooled socket buffers and releases them when feed returns: the
     * decoder must copy whatever it keeps. Each piece is written into one reused buffer that is
     * scribbled over right after feed; pauses and resumes come at arbitrary points.
     */
    @Property(tries = 200)
    void chunksAreNotReferencedAfterFeedReturns(@ForAll("frames") List<byte[]> frames,
            @ForAll("cuts") List<Integer> cuts, @ForAll List<Boolean> resumeAfterPiece) {
        Recorder recorder = new Recorder();
        FrameDecoder decoder = new FrameDecoder(1024, recorder);
        recorder.decoder = decoder;
        recorder.pauseAfterEachFrame = true;
        byte[] stream = encode(frames);
        ByteBuf reused = Unpooled.buffer(64);
        int position = 0;
        for (int i = 0; position < stream.length; i++) {
            int length = Math.min(cuts.get(i % cuts.size()), stream.length - position);
            reused.clear().writeBytes(stream, position, length);
            decoder.feed(BufferInternal.buffer(reused));
            byte[] garbage = new byte[reused.capacity()];
            Arrays.fill(garbage, (byte) 0x5A);
            reused.setBytes(0, garbage);
            position += length;
            if (!resumeAfterPiece.isEmpty() && resumeAfterPiece.get(i % resumeAfterPiece.size())) {
                decoder.resume();
            }
        }
        for (int resumes = 0; recorder.frames.size() < frames.size() && resumes <= frames.size();
                resumes++) {
            decoder.resume();
        }
        assertThat(recorder.errors).isEmpty();
        assertThat(recorder.frames).containsExactlyElementsOf(frames);
    }

    @Test
    void pausedDecoderEmitsNothingUntilResumed() {
        Recorder recorder = new Recorder();
        FrameDecoder decoder = new FrameDecoder(1024, recorder);
        decoder.pause();
        decoder.feed(Buffer.buffer(encode(List.of(new byte[] {1, 2}, new byte[] {3}))));
        assertThat(recorder.frames).isEmpty();
        decoder.resume();
        assertThat(recorder.frames).containsExactly(new byte[] {1, 2}, new byte[] {3});
    }

    @Test
    void frameAboveTheLimitIsReportedOnceAndLaterInputIgnored() {
        Recorder recorder = new Recorder();
        FrameDecoder decoder = new FrameDecoder(10, recorder);
        decoder.feed(Buffer.buffer(ByteBuffer.allocate(4).putInt(11).array()));
        decoder.feed(Buffer.buffer(encode(List.of(new byte[] {1}))));
        assertThat(recorder.errors).containsExactly("frame size exceeds socket.request.max.bytes:11");
        assertThat(recorder.frames).isEmpty();
    }

    @Test
    void frameOfExactlyTheLimitIsAccepted() {
        Recorder recorder = new Recorder();
        FrameDecoder decoder = new FrameDecoder(3, recorder);
        decoder.feed(Buffer.buffer(encode(List.of(new byte[] {7, 8, 9}))));
        assertThat(recorder.frames).containsExactly(new byte[] {7, 8, 9});
    }

    @Test
    void negativeSizeIsReported() {
        Recorder recorder = new Recorder();
        FrameDecoder decoder = new FrameDecoder(10, recorder);
        decoder.feed(Buffer.buffer(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfe}));
        assertThat(recorder.errors).containsExactly("negative frame size:-2");
    }

    @Test
    void emptyFrameIsEmittedWithoutWaitingForMoreInput() {
        Recorder recorder = new Recorder();
        FrameDecoder decoder = new FrameDecoder(10, recorder);
        decoder.feed(Buffer.buffer(new byte[4]));
        assertThat(recorder.frames).containsExactly(new byte[0]);
    }

    @Test
    void stoppedDecoderIgnoresInput() {
        Recorder recorder = new Recorder();
        FrameDecoder decoder = new FrameDecoder(10, recorder);
        decoder.stop();
        decoder.feed(Buffer.buffer(encode(List.of(new byte[] {1}))));
        assertThat(recorder.frames).isEmpty();
    }

    @Test
    void partialBytesCountsTheFrameInProgress() {
        FrameDecoder decoder = new FrameDecoder(10, new Recorder());
        decoder.feed(Buffer.buffer(new byte[] {0, 0}));
        assertThat(decoder.partialBytes()).isEqualTo(2);
        decoder.feed(Buffer.buffer(new byte[] {0, 5, 1, 2}));
        assertThat(decoder.partialBytes()).isEqualTo(6);
    }

    @Test
    void memoryFollowsTheBytesReceivedNotTheSizeAnnounced() {
        int announced = 64 * 1024 * 1024;
        Recorder recorder = new Recorder();
        FrameDecoder decoder = new FrameDecoder(announced, recorder);
        Buffer prefix = Buffer.buffer(ByteBuffer.allocate(4).putInt(announced).array());
        Buffer tenBytes = Buffer.buffer(new byte[10]);

        long allocated = allocatedBytes(() -> {
            decoder.feed(prefix);
            decoder.feed(tenBytes);
        });

        assertThat(decoder.partialBytes()).isEqualTo(14);
        assertThat(allocated).as("bytes allocated for a 64 MiB announcement").isLessThan(1 << 20);
        assertThat(recorder.frames).isEmpty();
    }

    @Test
    void frameArrayIsAllocatedOnceHalfOfTheFrameHasArrivedAndFilledInPlace() {
        int announced = 1_000_000;
        List<ByteBuffer> emitted = new ArrayList<>(); // keeps the frame as handed out, no copy
        FrameDecoder decoder = new FrameDecoder(announced, new FrameDecoder.Listener() {
            @Override
            public void onFrame(ByteBuffer frame) {
                emitted.add(frame);
            }

            @Override
            public void onInvalidFrame(String reason, int size) {
                throw new AssertionError(reason);
            }
        });
        byte[] payload = new byte[announced];
        new java.util.Random(7).nextBytes(payload);
        Buffer prefix = Buffer.buffer(ByteBuffer.allocate(4).putInt(announced).array());

        Buffer belowHalfPiece = Buffer.buffer(Arrays.copyOfRange(payload, 0, 400_000));
        long belowHalf = allocatedBytes(() -> {
            decoder.feed(prefix);
            decoder.feed(belowHalfPiece);
        });
        Buffer reachingHalf = Buffer.buffer(Arrays.copyOfRange(payload, 400_000, 500_000));
        long atHalf = allocatedBytes(() -> decoder.feed(reachingHalf));
        List<Buffer> rest = new ArrayList<>();
        for (int from = 500_000; from < announced; from += 100_000) {
            rest.add(Buffer.buffer(Arrays.copyOfRange(payload, from, from + 100_000)));
        }
        long afterHalf = allocatedBytes(() -> rest.forEach(decoder::feed));

        assertThat(belowHalf).as("copies of the pieces only").isBetween(400_000L, 500_000L);
        assertThat(atHalf).as("the frame array").isBetween((long) announced, announced + 200_000L);
        assertThat(afterHalf).as("later pieces are copied into the frame").isLessThan(64 * 1024);
        assertThat(emitted).hasSize(1);
        assertThat(emitted.get(0)).isEqualTo(ByteBuffer.wrap(payload));
    }

    @Test
    void oversizeAnnouncementAllocatesNothingOfItsSize() {
        FrameDecoder decoder = new FrameDecoder(1024, new Recorder());
        Buffer prefix = Buffer.buffer(ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).array());
        assertThat(allocatedBytes(() -> decoder.feed(prefix))).isLessThan(1 << 20);
    }

    @Test
    void frameSpreadOverManyChunksIsAssembledInOrder() {
        Recorder recorder = new Recorder();
        FrameDecoder decoder = new FrameDecoder(1 << 20, recorder);
        byte[] payload = new byte[100_000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31);
        }
        feedInPieces(decoder, encode(List.of(payload, new byte[] {5})), List.of(4093, 1, 7000));
        assertThat(recorder.frames).containsExactly(payload, new byte[] {5});
        assertThat(decoder.partialBytes()).isZero();
    }

    /** Heap bytes this thread allocates while running {@code action}. */
    private static long allocatedBytes(Runnable action) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)
                java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        action.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    private static byte[] encode(List<byte[]> frames) {
        int total = frames.stream().mapToInt(f -> 4 + f.length).sum();
        ByteBuffer stream = ByteBuffer.allocate(total);
        frames.forEach(f -> stream.putInt(f.length).put(f));
        return stream.array();
    }

    private static void feedInPieces(FrameDecoder decoder, byte[] stream, List<Integer> cuts) {
        int position = 0;
        int i = 0;
        while (position < stream.length) {
            int length = Math.min(cuts.get(i++ % cuts.size()), stream.length - position);
            byte[] piece = new byte[length];
            System.arraycopy(stream, position, piece, 0, length);
            decoder.feed(Buffer.buffer(piece));
            position += length;
        }
    }
}
