package io.tideway.broker.log;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test moves by hand. Not thread-safe beyond a volatile read. */
final class ManualClock extends Clock {

  private volatile long millis;

  ManualClock(long millis) {
    this.millis = millis;
  }

  void advance(long deltaMs) {
    millis += deltaMs;
  }

  @Override
  public long millis() {
    return millis;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
