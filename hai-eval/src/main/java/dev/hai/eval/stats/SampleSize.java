package dev.hai.eval.stats;

/**
 * The smallest sample per arm with which a test of two proportions has the power wanted, for the
 * two questions a rollout asks. Both are normal approximations, equal arms.
 *
 * <p><b>Superiority</b> ("is the challenger's rate different from / better than the baseline's by at
 * least the effect that matters?"): statsmodels' {@code NormalIndPower} on Cohen's h, the arcsine
 * effect size h = 2 asin(sqrt(p₂)) − 2 asin(sqrt(p₁)) ({@code proportion_effectsize(p2, p1)}). The
 * power at n per arm is Φ(|h| sqrt(n/2) − z₁₋ₐ) for a one-sided test (z at 1 − α/2 for two-sided,
 * plus the opposite tail's Φ(−|h| sqrt(n/2) − z₁₋ₐ/₂)); the size is the n where that equals the
 * power asked, solved to machine precision (statsmodels' {@code solve_power} stops within about 3e-9
 * of it).
 *
 * <p><b>Non-inferiority</b> ("is the challenger at most {@code margin} worse?"), one-sided at α:
 * n = (z₁₋ₐ + z_power)² (p₁(1 − p₁) + p₂(1 − p₂)) / (p₂ − p₁ + margin)², the formula of Chow, Shao
 * and Wang (Sample Size Calculations in Clinical Research, 2nd ed., section 4.2.2) for the
 * difference p₂ − p₁ with a lower margin; p₂ = p₁ (the challenger truly as good) is the usual
 * planning assumption.
 *
 * <pre>{@code
 * double n = SampleSize.superiority(0.80, 0.85, 0.05, 0.80, Alternative.TWO_SIDED);  // 902.34...
 * long perArm = SampleSize.perArm(n);                                                // 903
 * }</pre>
 */
public final class SampleSize {
  private SampleSize() {}

  /**
   * The per-arm size of a superiority test, unrounded.
   *
   * @param baseline the champion's rate p₁, in (0, 1)
   * @param challenger the challenger's rate p₂ that matters, in (0, 1), not equal to p₁
   * @param alpha the significance level, in (0, 1)
   * @param power the power wanted, in (alpha, 1)
   * @param alternative {@link Alternative#TWO_SIDED}, or the one-sided direction of p₂ − p₁ ({@link
   *     Alternative#GREATER} when the challenger should be better, which needs p₂ &gt; p₁)
   */
  public static double superiority(double baseline, double challenger, double alpha, double power,
      Alternative alternative) {
    checkRate("baseline", baseline);
    checkRate("challenger", challenger);
    checkLevels(alpha, power);
    double h = cohensH(baseline, challenger);
    if (h == 0) {
      throw new IllegalArgumentException("challenger rate equals the baseline rate (" + baseline
          + "): no sample detects a zero effect");
    }
    if ((alternative == Alternative.GREATER && h < 0) || (alternative == Alternative.LESS && h > 0)) {
      throw new IllegalArgumentException("a one-sided " + alternative + " test cannot detect a change from "
          + baseline + " to " + challenger + " (the other direction)");
    }
    double a = Math.abs(h);
    boolean twoSided = alternative == Alternative.TWO_SIDED;
    double crit = -Normal.quantile(twoSided ? alpha / 2 : alpha);
    double oneSided = crit + Normal.quantile(power);
    double n = 2 * (oneSided / a) * (oneSided / a);
    if (!twoSided) {
      return n;
    }
    // Two-sided: the far tail adds a little power; Newton on power(n) from the one-sided root.
    for (int i = 0; i < 50; i++) {
      double s = a * Math.sqrt(n / 2);
      double f = Normal.sf(crit - s) + Normal.cdf(-crit - s) - power;
      double density = (phi(crit - s) - phi(-crit - s)) * a / (2 * Math.sqrt(2 * n));
      double step = f / density;
      n -= step;
      if (Math.abs(step) <= 1e-15 * n) {
        break;
      }
    }
    return n;
  }

  /** The power of a superiority test with {@code n} per arm (statsmodels' {@code NormalIndPower.power}). */
  public static double power(double baseline, double challenger, double n, double alpha, Alternative alternative) {
    checkRate("baseline", baseline);
    checkRate("challenger", challenger);
    if (!(n > 0)) {
      throw new IllegalArgumentException("n must be positive, was " + n);
    }
    double h = cohensH(baseline, challenger);
    double s = h * Math.sqrt(n / 2);
    return switch (alternative) {
      case TWO_SIDED -> {
        double crit = -Normal.quantile(alpha / 2);
        yield Normal.sf(crit - s) + Normal.cdf(-crit - s);
      }
      case GREATER -> Normal.sf(-Normal.quantile(alpha) - s);
      case LESS -> Normal.cdf(Normal.quantile(alpha) - s);
    };
  }

  /**
   * The per-arm size of a one-sided non-inferiority test, unrounded.
   *
   * @param baseline the champion's rate p₁, in (0, 1)
   * @param challenger the challenger's assumed true rate p₂, in (0, 1); usually p₁
   * @param margin how much worse than p₁ still counts as non-inferior, in (0, 1), with p₂ − p₁ +
   *     margin &gt; 0
   * @param alpha the one-sided significance level
   * @param power the power wanted
   */
  public static double nonInferiority(double baseline, double challenger, double margin, double alpha, double power) {
    checkRate("baseline", baseline);
    checkRate("challenger", challenger);
    checkLevels(alpha, power);
    if (!(margin > 0 && margin < 1)) {
      throw new IllegalArgumentException("margin must be in (0, 1), was " + margin);
    }
    double gap = challenger - baseline + margin;
    if (!(gap > 0)) {
      throw new IllegalArgumentException("a challenger at " + challenger + " is not non-inferior to " + baseline
          + " within margin " + margin + "; no sample size shows it");
    }
    double z = -Normal.quantile(alpha) + Normal.quantile(power);
    return z * z * (baseline * (1 - baseline) + challenger * (1 - challenger)) / (gap * gap);
  }

  /** An unrounded size rounded up to whole calls (a size within 1e-9 of an integer is that integer). */
  public static long perArm(double n) {
    double r = Math.rint(n);
    return Math.abs(n - r) <= 1e-9 * Math.max(1, n) ? (long) r : (long) Math.ceil(n);
  }

  /** Cohen's h = 2 asin(sqrt(p₂)) − 2 asin(sqrt(p₁)). */
  public static double cohensH(double baseline, double challenger) {
    return 2 * Math.asin(Math.sqrt(challenger)) - 2 * Math.asin(Math.sqrt(baseline));
  }

  private static double phi(double z) {
    return Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
  }

  private static void checkRate(String name, double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException(name + " rate must be in (0, 1), was " + p);
    }
  }

  private static void checkLevels(double alpha, double power) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1), was " + alpha);
    }
    if (!(power > alpha && power < 1)) {
      throw new IllegalArgumentException("power must be in (alpha, 1), was " + power);
    }
  }
}
