package dev.hai.eval.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap confidence intervals of a mean, seeded so that the same data and seed give
 * the same interval on every machine.
 *
 * <p>Definition: draw {@code resamples} samples of the same size with replacement ({@link
 * SplittableRandom} seeded with {@code seed}), take each one's mean, and report the 2.5th and 97.5th
 * percentiles of those means (linear interpolation between order statistics, as NumPy's default).
 *
 * <pre>{@code
 * Estimate f1 = Bootstrap.DEFAULT.mean(scores);   // 2,000 resamples, seed 42
 * }</pre>
 *
 * @param resamples the number of bootstrap samples, at least 100
 * @param seed the random seed
 */
public record Bootstrap(int resamples, long seed) {

  /** Default number of resamples. */
  public static final int DEFAULT_RESAMPLES = 2000;

  /** Default seed. */
  public static final long DEFAULT_SEED = 42L;

  /** {@link #DEFAULT_RESAMPLES} resamples with {@link #DEFAULT_SEED}. */
  public static final Bootstrap DEFAULT = new Bootstrap(DEFAULT_RESAMPLES, DEFAULT_SEED);

  public Bootstrap {
    if (resamples < 100) {
      throw new IllegalArgumentException("resamples: at least 100, was " + resamples);
    }
  }

  /** The mean of the values with its 95% interval; NaN values are left out. */
  public Estimate mean(double[] values) {
    double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).toArray();
    int n = v.length;
    if (n == 0) {
      return new Estimate(Double.NaN, Double.NaN, Double.NaN, 0);
    }
    double[] means = resampledMeans(v, new SplittableRandom(seed));
    return new Estimate(average(v), percentile(means, 2.5), percentile(means, 97.5), n);
  }

  double[] resampledMeans(double[] v, SplittableRandom random) {
    int n = v.length;
    double[] means = new double[resamples];
    for (int b = 0; b < resamples; b++) {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += v[random.nextInt(n)];
      }
      means[b] = sum / n;
    }
    Arrays.sort(means);
    return means;
  }

  static double average(double[] v) {
    double sum = 0;
    for (double x : v) {
      sum += x;
    }
    return sum / v.length;
  }

  /** The q-th percentile (0–100) of sorted values, by linear interpolation. */
  static double percentile(double[] sorted, double q) {
    double pos = q / 100.0 * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
