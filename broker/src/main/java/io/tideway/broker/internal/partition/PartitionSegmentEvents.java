package io.tideway.broker.internal.partition;

import io.tideway.broker.log.SegmentInfo;
import io.tideway.broker.log.SegmentListener;
import java.util.function.Consumer;

/**
 * The segment listener of one partition log: every event goes to the segment index recorder, and
 * a roll ({@code segmentSealed}) also to the partition, which snapshots its producer state at the
 * new active segment's base offset (as Kafka does at each roll).
 *
 * <p>Thread contract: called on the thread driving the log (the owner or a worker acting for it);
 * the roll hook is installed once the partition exists and is read through a volatile field.
 */
final class PartitionSegmentEvents implements SegmentListener {

  private final SegmentIndexRecorder recorder;
  private volatile Consumer<SegmentInfo> onRoll = sealed -> { };

  PartitionSegmentEvents(SegmentIndexRecorder recorder) {
    this.recorder = recorder;
  }

  SegmentIndexRecorder recorder() {
    return recorder;
  }

  /** Installs the roll hook, called with the sealed segment after each roll. */
  void onRoll(Consumer<SegmentInfo> hook) {
    this.onRoll = hook;
  }

  @Override
  public void segmentCreated(SegmentInfo segment) {
    recorder.segmentCreated(segment);
  }

  @Override
  public void segmentSealed(SegmentInfo segment) {
    recorder.segmentSealed(segment);
    onRoll.accept(segment);
  }

  @Override
  public void segmentDeleted(SegmentInfo segment, DeleteReason reason) {
    recorder.segmentDeleted(segment, reason);
  }

  @Override
  public void segmentTruncated(SegmentInfo segment) {
    recorder.segmentTruncated(segment);
  }
}
