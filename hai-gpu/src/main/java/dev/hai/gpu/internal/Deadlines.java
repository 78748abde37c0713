package dev.hai.gpu.internal;

import java.time.Duration;

/**
 * Deadlines on the {@link System#nanoTime()} scale that never overflow: a timeout longer than
 * {@link #HORIZON_NANOS} (about 73 years; a {@code long} of nanoseconds holds about 292) counts as
 * that long, which means "no deadline" here. Sums and differences of such deadlines with {@code
 * nanoTime} values stay within a {@code long}, so comparisons of them (also the direct ones of the
 * GPU scheduler) stay right.
 */
public final class Deadlines {
  /** The longest timeout a deadline is computed for, in nanoseconds: {@code Long.MAX_VALUE / 4}. */
  public static final long HORIZON_NANOS = Long.MAX_VALUE / 4;

  private static final Duration HORIZON = Duration.ofNanos(HORIZON_NANOS);

  private Deadlines() {}

  /** {@code timeout} in nanoseconds, at most {@link #HORIZON_NANOS}. */
  public static long nanos(Duration timeout) {
    return timeout.compareTo(HORIZON) >= 0 ? HORIZON_NANOS : timeout.toNanos();
  }

  /** The {@code nanoTime} {@code timeout} after {@code nowNanos}, the timeout taken at most {@link #HORIZON_NANOS}. */
  public static long after(long nowNanos, Duration timeout) {
    return nowNanos + nanos(timeout);
  }
}
