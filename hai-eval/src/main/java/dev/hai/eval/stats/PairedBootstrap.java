package dev.hai.eval.stats;

import java.util.SplittableRandom;

/**
 * The paired bootstrap for a continuous metric: per-item differences d = candidate − baseline
 * (pairs where either side is NaN are dropped), their mean with a 95% percentile interval (see
 * {@link Bootstrap}), and a two-sided p-value from the bootstrap distribution shifted to the null
 * hypothesis: p = (1 + #{b : |mean*_b − d̄| &ge; |d̄|}) / (B + 1). The effect size is Cohen's
 * d_z = d̄ / sd(d) (sample standard deviation; 0 when sd is 0).
 *
 * @param bootstrap resamples and seed
 */
public record PairedBootstrap(Bootstrap bootstrap) {

  /** With {@link Bootstrap#DEFAULT}. */
  public static final PairedBootstrap DEFAULT = new PairedBootstrap(Bootstrap.DEFAULT);

  /**
   * The result of a paired bootstrap.
   *
   * @param difference mean difference (candidate − baseline) with its interval
   * @param pValue two-sided p-value of "no difference"
   * @param cohensDz the standardised mean difference
   */
  public record Result(Estimate difference, double pValue, double cohensDz) {}

  /** Compares paired scores; arrays are indexed by item. */
  public Result compare(double[] baseline, double[] candidate) {
    if (baseline.length != candidate.length) {
      throw new IllegalArgumentException("paired samples differ in length: " + baseline.length + " vs " + candidate.length);
    }
    int n = 0;
    double[] d = new double[baseline.length];
    for (int i = 0; i < baseline.length; i++) {
      if (!Double.isNaN(baseline[i]) && !Double.isNaN(candidate[i])) {
        d[n++] = candidate[i] - baseline[i];
      }
    }
    d = java.util.Arrays.copyOf(d, n);
    if (n == 0) {
      return new Result(new Estimate(Double.NaN, Double.NaN, Double.NaN, 0), Double.NaN, 0.0);
    }
    double mean = Bootstrap.average(d);
    double[] means = bootstrap.resampledMeans(d, new SplittableRandom(bootstrap.seed()));
    long extreme = 0;
    for (double m : means) {
      if (Math.abs(m - mean) >= Math.abs(mean)) {
        extreme++;
      }
    }
    double p = (1.0 + extreme) / (means.length + 1.0);
    double var = 0;
    for (double x : d) {
      var += (x - mean) * (x - mean);
    }
    double sd = n > 1 ? Math.sqrt(var / (n - 1)) : 0.0;
    Estimate diff = new Estimate(mean, Bootstrap.percentile(means, 2.5), Bootstrap.percentile(means, 97.5), n);
    return new Result(diff, Math.min(1.0, p), sd == 0 ? 0.0 : mean / sd);
  }
}
