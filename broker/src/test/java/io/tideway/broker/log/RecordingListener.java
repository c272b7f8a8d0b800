package io.tideway.broker.log;

import java.util.ArrayList;
import java.util.List;

/** Records segment events as strings like {@code sealed:0-9} for assertions. */
final class RecordingListener implements SegmentListener {

  final List<String> events = new ArrayList<>();

  @Override
  public void segmentCreated(SegmentInfo segment) {
    events.add("created:" + segment.baseOffset());
  }

  @Override
  public void segmentSealed(SegmentInfo segment) {
    events.add("sealed:" + segment.baseOffset() + "-" + segment.lastOffset());
  }

  @Override
  public void segmentDeleted(SegmentInfo segment, DeleteReason reason) {
    events.add("deleted:" + segment.baseOffset() + ":" + reason);
  }

  @Override
  public void segmentTruncated(SegmentInfo segment) {
    events.add("truncated:" + segment.baseOffset() + "-" + segment.lastOffset());
  }
}
