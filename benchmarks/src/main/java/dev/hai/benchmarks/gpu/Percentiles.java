package dev.hai.benchmarks.gpu;

import java.util.Arrays;

/** Nearest-rank percentiles of latencies. */
final class Percentiles {
  private Percentiles() {}

  /**
   * The nearest-rank {@code p}-th percentile of {@code values} (which this sorts in place): the
   * smallest value with at least {@code p}% of the values at or below it; {@code NaN} when empty.
   */
  static double of(long[] values, double p) {
    if (p <= 0 || p > 100) {
      throw new IllegalArgumentException("percentile must be in (0, 100], was " + p);
    }
    if (values.length == 0) {
      return Double.NaN;
    }
    Arrays.sort(values);
    int rank = (int) Math.ceil(p / 100.0 * values.length);
    return values[Math.max(0, rank - 1)];
  }
}
