package dev.hai.eval;

/**
 * A per-item score of a model's answer against a dataset item, from 0 (worst) to 1 (best). Each
 * implementation documents its definition; the shipped ones are in {@link dev.hai.eval.metrics}.
 *
 * <pre>{@code
 * Metric f1 = SetF1.normalised();
 * double score = f1.score(item, "metformin 500 mg\nlisinopril 10 mg");
 * }</pre>
 *
 * <p>Implementations must be thread-safe and side-effect free: the runner scores items from
 * several threads, and the same answer must always get the same score.
 */
public interface Metric {

  /** A short stable name, used as the key in run files, reports and gate rules: {@code token_f1}. */
  String name();

  /**
   * Scores one answer.
   *
   * @param item the dataset item, with its expected answer
   * @param output the model's answer
   * @return a score in [0, 1], or {@link Double#NaN} when the metric does not apply to this item
   *     (for example a label metric on an item without an expected label); NaN scores are left out
   *     of aggregates
   */
  double score(DatasetItem item, String output);

  /**
   * The score at or above which an item counts as passing, for pass/fail statistics (McNemar's
   * test, flipped items). Default 1.0: only a perfect score passes, which suits the binary metrics.
   */
  default double passThreshold() {
    return 1.0;
  }
}
