package dev.hai.eval.stats;

/**
 * The standard normal distribution's tail, accurate to about 1e-15 absolute: a power series of
 * erf for small arguments and a continued fraction of erfc (modified Lentz) for large ones; and its
 * quantile function, to about 1e-15 relative.
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

  /**
   * The quantile function (inverse of {@link #cdf}), as {@code scipy.stats.norm.ppf}: Acklam's
   * rational approximation refined by Halley steps on {@link #erfc}, so both tails keep their relative
   * accuracy.
   *
   * @param p a probability in (0, 1); 0 and 1 give the infinities
   */
  public static double quantile(double p) {
    if (Double.isNaN(p) || p < 0 || p > 1) {
      throw new IllegalArgumentException("p must be in [0, 1], was " + p);
    }
    if (p == 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (p == 1) {
      return Double.POSITIVE_INFINITY;
    }
    if (p > 0.5) {
      return -lowerQuantile(1 - p);
    }
    return lowerQuantile(p);
  }

  // z with cdf(z) = p, for p <= 0.5.
  private static double lowerQuantile(double p) {
    double x = acklam(p);
    for (int i = 0; i < 3; i++) {
      // Halley's method on f(x) = cdf(x) - p, with cdf(x) = erfc(-x / sqrt 2) / 2 accurate in the tail.
      double e = 0.5 * erfc(-x / SQRT2) - p;
      double u = e * Math.sqrt(2 * Math.PI) * Math.exp(x * x / 2);
      double step = u / (1 + x * u / 2);
      x -= step;
      if (Math.abs(step) <= 1e-17 * Math.abs(x)) {
        break;
      }
    }
    return x;
  }

  private static final double[] A = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
      1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
  private static final double[] B = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
      6.680131188771972e+01, -1.328068155288572e+01};
  private static final double[] C = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
      -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
  private static final double[] D = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
      3.754408661907416e+00};

  // Acklam's approximation (relative error below 1.15e-9) for p <= 0.5.
  private static double acklam(double p) {
    if (p < 0.02425) {
      double q = Math.sqrt(-2 * Math.log(p));
      return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
          / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
    }
    double q = p - 0.5;
    double r = q * q;
    return (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
        / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
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
