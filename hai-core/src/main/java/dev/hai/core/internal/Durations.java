package dev.hai.core.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * Time arithmetic that saturates instead of overflowing: a timeout or deadline too far away for a
 * {@code long} of nanoseconds (about 292 years) or for {@link Instant#MAX} means "no deadline" to
 * the computations that use these.
 */
public final class Durations {
  private static final Duration MAX_NANOS = Duration.ofNanos(Long.MAX_VALUE);
  private static final Duration MIN_NANOS = Duration.ofNanos(Long.MIN_VALUE);

  private Durations() {}

  /** {@code d} in nanoseconds, or {@link Long#MAX_VALUE} / {@link Long#MIN_VALUE} where it does not fit. */
  public static long nanos(Duration d) {
    if (d.compareTo(MAX_NANOS) >= 0) {
      return Long.MAX_VALUE;
    }
    if (d.compareTo(MIN_NANOS) <= 0) {
      return Long.MIN_VALUE;
    }
    return d.toNanos();
  }

  /** {@code t + d}, or {@link Instant#MAX} / {@link Instant#MIN} where that lies beyond them. */
  public static Instant plus(Instant t, Duration d) {
    if (!d.isNegative() && d.compareTo(Duration.between(t, Instant.MAX)) >= 0) {
      return Instant.MAX;
    }
    if (d.isNegative() && d.compareTo(Duration.between(t, Instant.MIN)) <= 0) {
      return Instant.MIN;
    }
    return t.plus(d);
  }
}
