package dev.hai.eval.stats;

/*
 * Implementation notes. With row totals r1, r2, first-column total c1 and N = r1 + r2, the count a
 * follows the hypergeometric distribution H(N, r1, c1) on [max(0, c1 - r2), min(r1, c1)]. Its
 * probabilities are computed in log space relative to the mode, by the ratio of neighbours
 * pmf(x + 1) / pmf(x) = (r1 - x)(c1 - x) / ((x + 1)(r2 - c1 + x + 1)), and normalised by their sum,
 * so no factorial is ever formed and tails far below 1e-300 of the mode stay finite in log space.
 *
 * SciPy's two-sided p-value sums the probabilities of every table at most as likely as the one
 * observed, pmf(x) <= pmf(a) * (1 + 1e-14). It finds the other tail's boundary by binary search on
 * its own pmf; here every x is compared. The relative tolerance is 1e-7 rather than 1e-14 because
 * our pmf values carry rounding of about 1e-13 relative for large tables, and two distinct
 * probabilities of one hypergeometric distribution closer than 1e-7 apart are not met in practice;
 * exact ties (symmetric tables) are the case the tolerance is for.
 */
/**
 * Fisher's exact test on a 2×2 table, as {@code scipy.stats.fisher_exact(table, alternative)}
 * (SciPy 1.17): conditional on the margins, the count {@code a} is hypergeometric; {@link
 * Alternative#LESS} is P(X &le; a), {@link Alternative#GREATER} P(X &ge; a), and {@link
 * Alternative#TWO_SIDED} the total probability of all tables no more likely than the one observed.
 * The statistic is the sample odds ratio ad / bc (infinite when bc = 0 and ad &gt; 0, as SciPy
 * reports it, and NaN with p-value 1 when a row or column is empty).
 *
 * <pre>{@code
 * TestResult r = Fisher.test(Table2x2.of(3, 1, 1, 3), Alternative.TWO_SIDED);   // p = 0.486
 * }</pre>
 */
public final class Fisher {
  private static final double TIE = 1 + 1e-7;

  private Fisher() {}

  /** The two-sided test. */
  public static TestResult test(Table2x2 table) {
    return test(table, Alternative.TWO_SIDED);
  }

  /**
   * The test with the given alternative.
   *
   * @return the odds ratio as statistic, the p-value, and as effect size the difference of the
   *     rows' first-column proportions; {@code n} is the table's total
   */
  public static TestResult test(Table2x2 table, Alternative alternative) {
    String name = "fisher-exact-" + alternative.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    int n = (int) Math.min(Integer.MAX_VALUE, table.total());
    if (table.hasEmptyMargin()) {
      return new TestResult(name, Double.NaN, 1.0, table.proportionDifference(), "proportion difference", n);
    }
    double odds = table.b() > 0 && table.c() > 0
        ? (double) table.a() * table.d() / ((double) table.b() * table.c())
        : Double.POSITIVE_INFINITY;
    return new TestResult(name, odds, pValue(table, alternative), table.proportionDifference(),
        "proportion difference", n);
  }

  static double pValue(Table2x2 t, Alternative alternative) {
    long r1 = t.row(0);
    long r2 = t.row(1);
    long c1 = t.column(0);
    long lo = Math.max(0, c1 - r2);
    long hi = Math.min(r1, c1);
    int size = Math.toIntExact(hi - lo + 1);
    double[] logW = logWeights(lo, hi, r1, r2, c1);
    int at = (int) (t.a() - lo);
    double logTotal = logSumExp(logW, 0, size - 1);
    return switch (alternative) {
      case LESS -> Math.min(1.0, Math.exp(logSumExp(logW, 0, at) - logTotal));
      case GREATER -> Math.min(1.0, Math.exp(logSumExp(logW, at, size - 1) - logTotal));
      case TWO_SIDED -> {
        double bound = logW[at] + Math.log(TIE);
        double max = Double.NEGATIVE_INFINITY;
        for (double w : logW) {
          if (w <= bound) {
            max = Math.max(max, w);
          }
        }
        double sum = 0;
        for (double w : logW) {
          if (w <= bound) {
            sum += Math.exp(w - max);
          }
        }
        yield Math.min(1.0, Math.exp(max + Math.log(sum) - logTotal));
      }
    };
  }

  // log pmf(x) + constant for x in [lo, hi], 0 at the mode.
  private static double[] logWeights(long lo, long hi, long r1, long r2, long c1) {
    int size = Math.toIntExact(hi - lo + 1);
    long mode = Math.max(lo, Math.min(hi, (c1 + 1) * (r1 + 1) / (r1 + r2 + 2)));
    double[] w = new double[size];
    int m = (int) (mode - lo);
    w[m] = 0;
    for (int i = m; i < size - 1; i++) {
      long x = lo + i;
      w[i + 1] = w[i] + Math.log((double) (r1 - x) * (c1 - x) / ((double) (x + 1) * (r2 - c1 + x + 1)));
    }
    for (int i = m; i > 0; i--) {
      long x = lo + i - 1; // pmf(x) / pmf(x + 1)
      w[i - 1] = w[i] - Math.log((double) (r1 - x) * (c1 - x) / ((double) (x + 1) * (r2 - c1 + x + 1)));
    }
    return w;
  }

  private static double logSumExp(double[] w, int from, int to) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = from; i <= to; i++) {
      max = Math.max(max, w[i]);
    }
    double sum = 0;
    for (int i = from; i <= to; i++) {
      sum += Math.exp(w[i] - max);
    }
    return max + Math.log(sum);
  }
}
