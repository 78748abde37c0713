package dev.hai.eval.stats;

/**
 * The standard normal distribution's tail, accurate to about 1e-15 absolute: a power series of
 * erf for small arguments and a continued fraction of erfc (modified Lentz) for large ones.
 */
public final class Normal {
  private static final double SQRT2 = Math.sqrt(2.0);
  private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);

  private Normal() {}

  /** P(Z &gt; z). */
  public static double sf(double z) {
    return 0.5 * erfc(z / SQRT2);
  }

  /** P(Z &le; z). */
  public static double cdf(double z) {
    return 0.5 * erfc(-z / SQRT2);
  }

  /** The complementary error function. */
  public static double erfc(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x < 0) {
      return 2.0 - erfc(-x);
    }
    if (x < 2.5) {
      return 1.0 - erfSeries(x);
    }
    return erfcContinuedFraction(x);
  }

  // erf(x) = 2/sqrt(pi) * sum_n (-1)^n x^(2n+1) / (n! (2n+1)), here as the all-positive form
  // erf(x) = 2/sqrt(pi) * exp(-x^2) * sum_n 2^n x^(2n+1) / (1*3*...*(2n+1)), which has no cancellation.
  private static double erfSeries(double x) {
    double x2 = x * x;
    double term = x;
    double sum = x;
    for (int n = 1; n < 500; n++) {
      term *= 2 * x2 / (2 * n + 1);
      sum += term;
      if (term < sum * 1e-17) {
        break;
      }
    }
    return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
  }

  // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))).
  private static double erfcContinuedFraction(double x) {
    double tiny = 1e-300;
    double f = x;
    double c = x;
    double d = 0;
    for (int k = 1; k < 1000; k++) {
      double a = k / 2.0;
      d = x + a * d;
      d = d == 0 ? tiny : d;
      c = x + a / c;
      c = c == 0 ? tiny : c;
      d = 1 / d;
      double delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) {
        break;
      }
    }
    return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
  }
}
