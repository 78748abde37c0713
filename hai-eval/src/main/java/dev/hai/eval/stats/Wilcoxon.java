package dev.hai.eval.stats;

import java.util.Arrays;

/**
 * The Wilcoxon signed-rank test on paired differences, two-sided, as {@code
 * scipy.stats.wilcoxon(d)} with its defaults ({@code zero_method="wilcox"}, {@code
 * correction=False}, {@code method="auto"}; SciPy 1.17).
 *
 * <p>Zero differences are dropped; the absolute differences are ranked with average ranks for
 * ties; R+ and R− are the rank sums of the positive and negative differences; the statistic is
 * min(R+, R−). The p-value, chosen the way SciPy's {@code "auto"} chooses it, with n the number of
 * differences before zeros are dropped:
 * <ul>
 *   <li>n &le; 50, no ties and no zeros: the exact null distribution of R+ ({@code exact});</li>
 *   <li>n &le; 13 with ties or zeros: all 2^n sign flips enumerated ({@code permutation});</li>
 *   <li>otherwise the normal approximation with tie correction, no continuity correction ({@code
 *       asymptotic}).</li>
 * </ul>
 *
 * <p>The effect size is the matched-pairs rank-biserial correlation (R+ − R−) / (R+ + R−), in
 * [−1, 1]; positive when the differences tend to be positive.
 */
public final class Wilcoxon {
  private static final int EXACT_MAX = 50;
  private static final int PERMUTATION_MAX = 13;

  private Wilcoxon() {}

  /** Tests whether the paired differences {@code after[i] - before[i]} are centred on zero. */
  public static TestResult test(double[] before, double[] after) {
    if (before.length != after.length) {
      throw new IllegalArgumentException("paired samples differ in length: " + before.length + " vs " + after.length);
    }
    double[] d = new double[before.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = after[i] - before[i];
    }
    return test(d);
  }

  /** Tests whether the differences are centred on zero. */
  public static TestResult test(double[] differences) {
    int total = differences.length;
    double[] d = Arrays.stream(differences).filter(x -> x != 0.0 && !Double.isNaN(x)).toArray();
    int zeros = total - d.length;
    int n = d.length;
    if (n == 0) {
      return new TestResult("wilcoxon", Double.NaN, Double.NaN, 0.0, "rank-biserial", 0);
    }
    double[] abs = Arrays.stream(d).map(Math::abs).toArray();
    Ranks ranks = Ranks.average(abs);
    double rPlus = 0;
    double rMinus = 0;
    for (int i = 0; i < n; i++) {
      if (d[i] > 0) {
        rPlus += ranks.ranks[i];
      } else {
        rMinus += ranks.ranks[i];
      }
    }
    double statistic = Math.min(rPlus, rMinus);
    double effect = (rPlus - rMinus) / (rPlus + rMinus);
    String method;
    double p;
    if (total <= EXACT_MAX && !ranks.hasTies && zeros == 0) {
      method = "wilcoxon-exact";
      p = exactP(n, rPlus);
    } else if (total <= PERMUTATION_MAX) {
      method = "wilcoxon-permutation";
      p = permutationP(d, ranks.ranks, rPlus);
    } else {
      method = "wilcoxon-asymptotic";
      double mean = n * (n + 1) * 0.25;
      double se = Math.sqrt((n * (n + 1.0) * (2.0 * n + 1.0) - ranks.tieTerm / 2) / 24);
      double z = (rPlus - mean) / se;
      p = 2 * Normal.sf(Math.abs(z));
    }
    return new TestResult(method, statistic, Math.min(1.0, p), effect, "rank-biserial", n);
  }

  // 2 * min(sf(floor(R+)), cdf(ceil(R+))) under the exact null distribution of R+.
  private static double exactP(int n, double rPlus) {
    int max = n * (n + 1) / 2;
    double[] pmf = new double[max + 1];
    pmf[0] = 1;
    int reach = 0;
    for (int k = 1; k <= n; k++) {
      reach += k;
      for (int s = reach; s >= k; s--) {
        pmf[s] += pmf[s - k];
      }
    }
    double scale = Math.pow(2, -n);
    for (int s = 0; s <= max; s++) {
      pmf[s] *= scale;
    }
    int lo = (int) Math.floor(rPlus);
    int hi = (int) Math.ceil(rPlus);
    double mean = n * (n + 1) / 4.0;
    double sf = lo <= mean ? sum(pmf, lo, max) : 1 - sum(pmf, 0, lo - 1);
    double cdf = hi <= mean ? sum(pmf, 0, hi) : 1 - sum(pmf, hi + 1, max);
    return Math.max(0, Math.min(1, 2 * Math.min(sf, cdf)));
  }

  private static double sum(double[] pmf, int from, int to) {
    double s = 0;
    for (int i = Math.max(0, from); i <= Math.min(to, pmf.length - 1); i++) {
      s += pmf[i];
    }
    return s;
  }

  // SciPy's exact permutation test of R+ over all sign flips, with its relative tolerance.
  private static double permutationP(double[] d, double[] ranks, double observed) {
    int n = d.length;
    int combos = 1 << n;
    double gamma = Math.abs(Math.ulp(1.0) * 100 * observed);
    long less = 0;
    long greater = 0;
    for (int mask = 0; mask < combos; mask++) {
      double rPlus = 0;
      for (int i = 0; i < n; i++) {
        if ((mask & (1 << i)) != 0) {
          rPlus += ranks[i];
        }
      }
      if (rPlus <= observed + gamma) {
        less++;
      }
      if (rPlus >= observed - gamma) {
        greater++;
      }
    }
    return Math.min(1.0, 2.0 * Math.min(less, greater) / combos);
  }

  /** Average ranks (1-based) and the tie term sum(t^3 - t) over tie groups. */
  static final class Ranks {
    final double[] ranks;
    final double tieTerm;
    final boolean hasTies;

    private Ranks(double[] ranks, double tieTerm, boolean hasTies) {
      this.ranks = ranks;
      this.tieTerm = tieTerm;
      this.hasTies = hasTies;
    }

    static Ranks average(double[] values) {
      int n = values.length;
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
      double[] ranks = new double[n];
      double tieTerm = 0;
      boolean ties = false;
      int i = 0;
      while (i < n) {
        int j = i;
        while (j + 1 < n && values[order[j + 1]] == values[order[i]]) {
          j++;
        }
        double rank = (i + j) / 2.0 + 1;
        for (int k = i; k <= j; k++) {
          ranks[order[k]] = rank;
        }
        double t = j - i + 1;
        if (t > 1) {
          ties = true;
          tieTerm += t * t * t - t;
        }
        i = j + 1;
      }
      return new Ranks(ranks, tieTerm, ties);
    }
  }
}
