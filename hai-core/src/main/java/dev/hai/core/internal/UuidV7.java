package dev.hai.core.internal;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter that keeps ids
 * made in the same millisecond in order (method 1 of the RFC's section 6.2), then 62 random bits.
 * Ids from one generator are strictly increasing, even if the clock steps back.
 */
public final class UuidV7 {
  private final Clock clock;
  /** The last (millis << 12 | counter) handed out. */
  private final AtomicLong last = new AtomicLong();

  public UuidV7(Clock clock) {
    this.clock = clock;
  }

  public UUID next() {
    long now = clock.millis() << 12;
    long stamp;
    while (true) {
      long prev = last.get();
      stamp = now > prev ? now : prev + 1; // same or earlier millisecond: count up
      if (last.compareAndSet(prev, stamp)) {
        break;
      }
    }
    long millis = stamp >>> 12;
    long counter = stamp & 0xFFF;
    long msb = (millis << 16) | 0x7000L | counter;
    long lsb = (ThreadLocalRandom.current().nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }

  /** The Unix millisecond a version-7 id was made in. */
  public static long millisOf(UUID id) {
    if (id.version() != 7) {
      throw new IllegalArgumentException("not a version 7 UUID: " + id);
    }
    return id.getMostSignificantBits() >>> 16;
  }
}
