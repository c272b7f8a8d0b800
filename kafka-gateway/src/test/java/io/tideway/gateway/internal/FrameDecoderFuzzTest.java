package io.tideway.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes {@link FrameDecoder} over arbitrary bytes, cut into arbitrary chunks and interleaved with
 * pauses and resumes, against a reference parser of the whole stream: the decoder must emit
 * exactly the reference's frames, in order, report an invalid size prefix exactly once with the
 * reference's size, emit nothing after it, and count the bytes of the frame still in progress.
 *
 * <p>Regression mode runs the inputs under {@code FrameDecoderFuzzTestInputs/}; {@code
 * JAZZER_FUZZ=1} fuzzes (docs/reliability.md).
 */
class FrameDecoderFuzzTest {

    private static final int OP_FEED = 0;
    private static final int OP_PAUSE = 1;
    private static final int OP_RESUME = 2;

    @FuzzTest(maxDuration = "10m")
    void decodesLikeTheReferenceParser(FuzzedDataProvider data) {
        int maxFrameBytes = data.consumeInt(1, 4096);
        boolean pauseInsideCallback = data.consumeBoolean();
        Recorder recorder = new Recorder(pauseInsideCallback);
        FrameDecoder decoder = new FrameDecoder(maxFrameBytes, recorder);
        recorder.decoder = decoder;
        ByteArrayOutputStream fed = new ByteArrayOutputStream();

        while (data.remainingBytes() > 0) {
            int op = data.consumeInt(OP_FEED, OP_RESUME + 2); // feeding is the likeliest step
            if (op == OP_PAUSE) {
                decoder.pause();
            } else if (op == OP_RESUME) {
                decoder.resume();
            } else {
                byte[] chunk = data.consumeBytes(data.consumeInt(0, 512));
                fed.writeBytes(chunk);
                decoder.feed(Buffer.buffer(chunk));
            }
        }
        decoder.resume();
        while (decoder.isPaused()) { // the callback may pause again after each frame
            decoder.resume();
        }

        Reference expected = Reference.parse(fed.toByteArray(), maxFrameBytes);
        assertThat(recorder.frames).hasSameSizeAs(expected.frames);
        for (int i = 0; i < expected.frames.size(); i++) {
            assertThat(recorder.frames.get(i)).as("frame %d", i).isEqualTo(expected.frames.get(i));
        }
        assertThat(recorder.invalidSizes).isEqualTo(expected.invalidSizes);
        if (expected.invalidSizes.isEmpty()) {
            assertThat(decoder.partialBytes()).isEqualTo(expected.partialBytes);
        }
    }

    /** Records what the decoder emits; optionally pauses from inside the callback. */
    private static final class Recorder implements FrameDecoder.Listener {
        final List<byte[]> frames = new ArrayList<>();
        final List<Integer> invalidSizes = new ArrayList<>();
        final boolean pauseInsideCallback;
        FrameDecoder decoder;

        Recorder(boolean pauseInsideCallback) {
            this.pauseInsideCallback = pauseInsideCallback;
        }

        @Override
        public void onFrame(ByteBuffer frame) {
            assertThat(invalidSizes).as("no frame after an invalid size").isEmpty();
            assertThat(frame.position()).isZero();
            byte[] bytes = new byte[frame.remaining()];
            frame.get(bytes);
            frames.add(bytes);
            if (pauseInsideCallback) {
                decoder.pause();
            }
        }

        @Override
        public void onInvalidFrame(String reason, int size) {
            invalidSizes.add(size);
        }
    }

    /** What the stream holds, parsed in one go without chunks or pauses. */
    private record Reference(List<byte[]> frames, List<Integer> invalidSizes, int partialBytes) {

        static Reference parse(byte[] stream, int maxFrameBytes) {
            List<byte[]> frames = new ArrayList<>();
            ByteBuffer in = ByteBuffer.wrap(stream);
            while (in.remaining() >= 4) {
                int size = in.getInt(in.position());
                if (size < 0 || size > maxFrameBytes) {
                    return new Reference(frames, List.of(size), 0);
                }
                if (in.remaining() - 4 < size) {
                    break;
                }
                int from = in.position() + 4;
                frames.add(Arrays.copyOfRange(stream, from, from + size));
                in.position(from + size);
            }
            return new Reference(frames, List.of(), in.remaining());
        }
    }
}
