package dev.hai.eval.stats;

/**
 * A mean with its 95% bootstrap confidence interval.
 *
 * @param mean the sample mean (NaN for no values)
 * @param lower the 2.5th percentile of the bootstrap means
 * @param upper the 97.5th percentile of the bootstrap means
 * @param n the number of values
 */
public record Estimate(double mean, double lower, double upper, int n) {

  /** Whether the interval contains {@code value}. */
  public boolean contains(double value) {
    return lower <= value && value <= upper;
  }
}
