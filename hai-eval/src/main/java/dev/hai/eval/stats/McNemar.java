package dev.hai.eval.stats;

/**
 * McNemar's exact test for paired pass/fail outcomes, as {@code
 * statsmodels.stats.contingency_tables.mcnemar(table, exact=True)}: only the discordant pairs count
 * ({@code b}: passed before, failed after; {@code c}: failed before, passed after). The statistic is
 * min(b, c) and the p-value is the two-sided binomial test of b against Binomial(b + c, 1/2):
 * min(1, 2 · P(X &le; min(b, c))). With no discordant pairs the p-value is 1.
 *
 * <p>The effect size is the difference in pass rate, (c − b) / pairs, over all {@code pairs}.
 */
public final class McNemar {
  private McNemar() {}

  /**
   * Runs the test.
   *
   * @param b pairs that passed in the baseline and failed in the candidate
   * @param c pairs that failed in the baseline and passed in the candidate
   * @param pairs all pairs, concordant ones included (for the effect size)
   */
  public static TestResult exact(int b, int c, int pairs) {
    if (b < 0 || c < 0 || pairs < b + c) {
      throw new IllegalArgumentException("need 0 <= b, 0 <= c, b + c <= pairs; got b=" + b + " c=" + c
          + " pairs=" + pairs);
    }
    int n = b + c;
    int k = Math.min(b, c);
    double p = n == 0 ? 1.0 : Math.min(1.0, 2.0 * binomialCdfHalf(k, n));
    double effect = pairs == 0 ? 0.0 : (double) (c - b) / pairs;
    return new TestResult("mcnemar-exact", k, p, effect, "pass-rate difference", n);
  }

  /** P(X &le; k) for X ~ Binomial(n, 1/2), summed in log space from the largest term down. */
  static double binomialCdfHalf(int k, int n) {
    if (k >= n) {
      return 1.0;
    }
    // log C(n, j) - n log 2, by recurrence from j = 0.
    double logTerm = -n * Math.log(2.0);
    double[] logs = new double[k + 1];
    logs[0] = logTerm;
    for (int j = 1; j <= k; j++) {
      logTerm += Math.log((double) (n - j + 1) / j);
      logs[j] = logTerm;
    }
    double max = logs[k]; // terms grow up to n/2, and k <= n/2 here
    for (double l : logs) {
      max = Math.max(max, l);
    }
    double sum = 0;
    for (int j = k; j >= 0; j--) {
      sum += Math.exp(logs[j] - max);
    }
    return Math.min(1.0, Math.exp(max) * sum);
  }
}
