package dev.hai.eval.stats;

/**
 * A proportion with its confidence interval.
 *
 * @param successes the count of successes
 * @param n the count of trials
 * @param estimate successes / n (NaN when n is 0)
 * @param lower the interval's lower end
 * @param upper the interval's upper end
 * @param confidence the interval's confidence level, for example 0.95
 */
public record ProportionInterval(long successes, long n, double estimate, double lower, double upper,
    double confidence) {

  /** Whether the interval contains {@code value}. */
  public boolean contains(double value) {
    return lower <= value && value <= upper;
  }
}
