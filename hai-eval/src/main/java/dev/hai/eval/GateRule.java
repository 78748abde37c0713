package dev.hai.eval;

import org.jspecify.annotations.Nullable;

/**
 * One rule of a regression {@link Gate}. Exactly one of the checks is set:
 * <ul>
 *   <li>{@code maxDrop}: the candidate's mean may fall below the baseline's by at most this much;
 *       with {@code alpha}, a larger drop fails only when it is also significant (p &lt; alpha,
 *       p from {@link RunComparison.MetricComparison#pValue()});</li>
 *   <li>{@code min}: the candidate's mean must be at least this;</li>
 *   <li>{@code noNewFailures}: no item that passed in the baseline may fail in the candidate
 *       (for example "no red-flag item may stop escalating").</li>
 * </ul>
 *
 * @param name what the rule says, shown in reports and JUnit XML
 * @param metric the metric it reads
 * @param tag only items with this {@code key=value} tag, or {@code null} for all
 * @param maxDrop the largest allowed drop of the mean, or {@code null}
 * @param alpha the significance level that makes a drop count, or {@code null} (any drop counts)
 * @param min the lowest allowed candidate mean, or {@code null}
 * @param noNewFailures whether the rule forbids pass-to-fail flips
 * @param passAt the score at or above which an item passes: above 0 and at most 1 (default 1.0)
 */
public record GateRule(
    String name,
    String metric,
    @Nullable String tag,
    @Nullable Double maxDrop,
    @Nullable Double alpha,
    @Nullable Double min,
    boolean noNewFailures,
    double passAt) {

  /** The default {@code passAt}. */
  public static final double DEFAULT_PASS_AT = 1.0;

  public GateRule {
    if (name == null || name.isBlank()) {
      throw new EvalException("gate rule: 'name' must not be blank");
    }
    if (metric == null || metric.isBlank()) {
      throw new EvalException("gate rule '" + name + "': 'metric' is required");
    }
    int checks = (maxDrop != null ? 1 : 0) + (min != null ? 1 : 0) + (noNewFailures ? 1 : 0);
    if (checks != 1) {
      throw new EvalException("gate rule '" + name + "': set exactly one of max_drop, min, no_new_failures");
    }
    if (alpha != null && (maxDrop == null || alpha <= 0 || alpha >= 1)) {
      throw new EvalException("gate rule '" + name + "': alpha goes with max_drop and must be between 0 and 1");
    }
    if (!(passAt > 0 && passAt <= 1)) {
      // Scores are 0 to 1: above 1 no item passes and at 0 every item does, so no item could flip.
      throw new EvalException("gate rule '" + name + "': pass_at must be above 0 and at most 1 (scores are 0 to 1),"
          + " was " + passAt);
    }
    if (maxDrop != null && !(maxDrop >= 0 && Double.isFinite(maxDrop))) {
      throw new EvalException("gate rule '" + name + "': max_drop must be a number of at least 0, was " + maxDrop);
    }
  }

  /** "The mean of {@code metric} must not drop by more than {@code maxDrop} with p &lt; {@code alpha}". */
  public static GateRule maxDrop(String name, String metric, double maxDrop, @Nullable Double alpha) {
    return new GateRule(name, metric, null, maxDrop, alpha, null, false, DEFAULT_PASS_AT);
  }

  /** "The candidate's mean of {@code metric} must be at least {@code min}". */
  public static GateRule min(String name, String metric, double min) {
    return new GateRule(name, metric, null, null, null, min, false, DEFAULT_PASS_AT);
  }

  /** "No item with {@code tag} that passed {@code metric} may fail it now". */
  public static GateRule noNewFailures(String name, String metric, @Nullable String tag) {
    return new GateRule(name, metric, tag, null, null, null, true, DEFAULT_PASS_AT);
  }
}
