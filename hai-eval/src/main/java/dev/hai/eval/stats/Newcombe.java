package dev.hai.eval.stats;

/**
 * Newcombe's hybrid score interval for the difference of two independent proportions p₁ − p₂
 * (Newcombe 1998, method 10), as statsmodels' {@code confint_proportions_2indep(k1, n1, k2, n2,
 * method="newcomb", compare="diff", alpha)}: with (l₁, u₁) and (l₂, u₂) the two {@link Wilson}
 * intervals at the same confidence,
 *
 * <pre>
 *   lower = (p₁ − p₂) − sqrt((p₁ − l₁)² + (u₂ − p₂)²)
 *   upper = (p₁ − p₂) + sqrt((u₁ − p₁)² + (p₂ − l₂)²)
 * </pre>
 *
 * <p>A one-sided test at level α that p₁ − p₂ &gt; −margin (non-inferiority) rejects exactly when the
 * lower end of the interval at confidence 1 − 2α is above −margin.
 *
 * <pre>{@code
 * DifferenceInterval d = Newcombe.difference(chalCorrect, chalN, champCorrect, champN, 0.90);
 * boolean nonInferior = d.lower() > -0.02;   // one-sided alpha 0.05, margin 2 points
 * }</pre>
 */
public final class Newcombe {
  private Newcombe() {}

  /**
   * The interval of p₁ − p₂ at {@code confidence}.
   *
   * @param successes1 successes in sample 1
   * @param n1 size of sample 1, at least 1
   * @param successes2 successes in sample 2
   * @param n2 size of sample 2, at least 1
   * @param confidence in (0, 1)
   */
  public static DifferenceInterval difference(long successes1, long n1, long successes2, long n2, double confidence) {
    if (n1 < 1 || n2 < 1) {
      throw new IllegalArgumentException("both samples need at least one trial, got n1=" + n1 + " n2=" + n2);
    }
    ProportionInterval w1 = Wilson.interval(successes1, n1, confidence);
    ProportionInterval w2 = Wilson.interval(successes2, n2, confidence);
    double p1 = w1.estimate();
    double p2 = w2.estimate();
    double d = p1 - p2;
    double lower = d - Math.hypot(p1 - w1.lower(), w2.upper() - p2);
    double upper = d + Math.hypot(w1.upper() - p1, p2 - w2.lower());
    return new DifferenceInterval(d, lower, upper, confidence);
  }

  /**
   * A difference of two proportions with its interval.
   *
   * @param difference p₁ − p₂
   * @param lower the interval's lower end
   * @param upper the interval's upper end
   * @param confidence the confidence level
   */
  public record DifferenceInterval(double difference, double lower, double upper, double confidence) {}
}
