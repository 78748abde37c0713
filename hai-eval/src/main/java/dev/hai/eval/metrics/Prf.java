package dev.hai.eval.metrics;

/**
 * Precision, recall and F1 from counts of true positives, false positives and false negatives.
 * When there is nothing to find and nothing was found (all counts 0), all three are 1; otherwise a
 * ratio with a zero denominator is 0.
 *
 * @param truePositives found and expected
 * @param falsePositives found, not expected
 * @param falseNegatives expected, not found
 */
public record Prf(long truePositives, long falsePositives, long falseNegatives) {

  public Prf {
    if (truePositives < 0 || falsePositives < 0 || falseNegatives < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
  }

  /** tp / (tp + fp). */
  public double precision() {
    if (truePositives + falsePositives == 0) {
      return falseNegatives == 0 ? 1.0 : 0.0;
    }
    return (double) truePositives / (truePositives + falsePositives);
  }

  /** tp / (tp + fn). */
  public double recall() {
    if (truePositives + falseNegatives == 0) {
      return falsePositives == 0 ? 1.0 : 0.0;
    }
    return (double) truePositives / (truePositives + falseNegatives);
  }

  /** The harmonic mean of precision and recall, 0 when both are 0. */
  public double f1() {
    double p = precision();
    double r = recall();
    return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
  }

  /** The sum of two count sets (micro-averaging). */
  public Prf plus(Prf other) {
    return new Prf(truePositives + other.truePositives, falsePositives + other.falsePositives,
        falseNegatives + other.falseNegatives);
  }
}
