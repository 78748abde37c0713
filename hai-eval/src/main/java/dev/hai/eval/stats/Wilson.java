package dev.hai.eval.stats;

/**
 * The Wilson score interval of a binomial proportion, as {@code scipy.stats.binomtest(k,
 * n).proportion_ci(confidence_level, method="wilson")} (and statsmodels' {@code
 * proportion_confint(method="wilson")}): with z the normal quantile at 1 − (1 − confidence) / 2 and p̂
 * = k / n,
 *
 * <pre>
 *   centre ± half = (p̂ + z²/2n ± z·sqrt(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n)
 * </pre>
 *
 * <p>Unlike the Wald interval it stays inside [0, 1] and keeps its coverage for small n and for
 * proportions near 0 or 1; at k = 0 the lower end is exactly 0 and at k = n the upper end exactly 1.
 *
 * <pre>{@code
 * ProportionInterval acc = Wilson.interval(correct, answered);   // 95%
 * }</pre>
 */
public final class Wilson {
  /** The default confidence level. */
  public static final double DEFAULT_CONFIDENCE = 0.95;

  private Wilson() {}

  /** The {@value #DEFAULT_CONFIDENCE} interval. */
  public static ProportionInterval interval(long successes, long n) {
    return interval(successes, n, DEFAULT_CONFIDENCE);
  }

  /**
   * The interval at {@code confidence}.
   *
   * @param successes 0 to n
   * @param n trials, at least 0; with none the interval is [0, 1] and the estimate NaN
   * @param confidence in (0, 1)
   */
  public static ProportionInterval interval(long successes, long n, double confidence) {
    if (n < 0 || successes < 0 || successes > n) {
      throw new IllegalArgumentException("need 0 <= successes <= n, got successes=" + successes + " n=" + n);
    }
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1), was " + confidence);
    }
    if (n == 0) {
      return new ProportionInterval(0, 0, Double.NaN, 0.0, 1.0, confidence);
    }
    double z = Normal.quantile(1 - (1 - confidence) / 2);
    double p = (double) successes / n;
    double z2 = z * z;
    double denom = 1 + z2 / n;
    double centre = p + z2 / (2.0 * n);
    double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
    double lower = successes == 0 ? 0.0 : (centre - half) / denom;
    double upper = successes == n ? 1.0 : (centre + half) / denom;
    return new ProportionInterval(successes, n, p, Math.max(0.0, lower), Math.min(1.0, upper), confidence);
  }
}
