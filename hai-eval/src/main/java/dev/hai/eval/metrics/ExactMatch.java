package dev.hai.eval.metrics;

import dev.hai.eval.DatasetItem;
import dev.hai.eval.Metric;

/**
 * Exact match: 1 when the normalised answer equals the normalised expected text (the expected
 * {@code text}, else {@code label}, else the items one per line), else 0.
 *
 * <pre>{@code
 * Metric em = ExactMatch.of(Normalization.DEFAULT);   // "Emergency." matches "emergency"
 * }</pre>
 *
 * @param normalization applied to both sides before comparing
 */
public record ExactMatch(Normalization normalization) implements Metric {

  /** Exact match after {@code normalization}. */
  public static ExactMatch of(Normalization normalization) {
    return new ExactMatch(normalization);
  }

  @Override
  public String name() {
    return normalization.equals(Normalization.NONE) ? "exact_match_strict" : "exact_match";
  }

  @Override
  public double score(DatasetItem item, String output) {
    return matches(output, item.expected().asText()) ? 1.0 : 0.0;
  }

  /** Whether {@code a} and {@code b} are equal after normalisation. */
  public boolean matches(String a, String b) {
    return normalization.apply(a).equals(normalization.apply(b));
  }
}
