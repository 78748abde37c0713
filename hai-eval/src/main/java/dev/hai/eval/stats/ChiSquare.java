package dev.hai.eval.stats;

/**
 * Pearson's chi-square test of independence on a 2×2 table, as {@code
 * scipy.stats.chi2_contingency(table, correction=...)}, and the chi-square distribution's tail.
 *
 * <p>The statistic is Σ (O − E)² / E over the four cells, E = row total × column total / total.
 * With Yates' continuity correction each |O − E| is reduced by min(0.5, |O − E|) first (SciPy
 * caps the correction at the difference, so it never flips a cell's sign). The p-value is P(χ²₁ &gt;
 * statistic) = erfc(sqrt(statistic / 2)), computed directly in the tail (no 1 − cdf), so p-values
 * down to about 1e-300 keep their relative accuracy.
 *
 * <p>The approximation needs every expected count to be reasonably large; the usual rule, which
 * {@link dev.hai.eval.rollout.DecisionEngine} follows, is to use {@link Fisher} when any expected
 * count is below 5.
 *
 * <pre>{@code
 * TestResult r = ChiSquare.independence(Table2x2.of(90, 10, 80, 20), true);   // with Yates
 * }</pre>
 */
public final class ChiSquare {
  private ChiSquare() {}

  /**
   * The test of independence of rows and columns.
   *
   * @param table the counts
   * @param yates whether to apply Yates' continuity correction
   * @return statistic, two-sided p-value, and as effect size the difference of the rows'
   *     first-column proportions; {@code n} is the table's total
   * @throws IllegalArgumentException if a row or column is empty (an expected count is zero), where
   *     the statistic is undefined (SciPy raises too); use {@link Fisher}, whose p-value is then 1
   */
  public static TestResult independence(Table2x2 table, boolean yates) {
    if (table.hasEmptyMargin()) {
      throw new IllegalArgumentException("chi-square test of " + table
          + ": a row or column is empty, so an expected count is zero; use Fisher's exact test");
    }
    long[][] o = {{table.a(), table.b()}, {table.c(), table.d()}};
    double statistic = 0;
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        double e = table.expected(i, j);
        double diff = o[i][j] - e;
        if (yates) {
          double magnitude = Math.min(0.5, Math.abs(diff));
          diff = diff - Math.signum(diff) * magnitude;
        }
        statistic += diff * diff / e;
      }
    }
    return new TestResult(yates ? "chi-square-yates" : "chi-square", statistic, sf(statistic, 1),
        table.proportionDifference(), "proportion difference", (int) Math.min(Integer.MAX_VALUE, table.total()));
  }

  /**
   * P(X &gt; x) for X ~ χ² with {@code df} degrees of freedom, as {@code scipy.stats.chi2.sf(x, df)}:
   * Q(df / 2, x / 2), the regularised upper incomplete gamma function (erfc for one degree of
   * freedom).
   */
  public static double sf(double x, int df) {
    if (df < 1) {
      throw new IllegalArgumentException("degrees of freedom must be at least 1, was " + df);
    }
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x <= 0) {
      return 1.0;
    }
    return df == 1 ? Normal.erfc(Math.sqrt(x / 2)) : Gamma.q(df / 2.0, x / 2);
  }
}
