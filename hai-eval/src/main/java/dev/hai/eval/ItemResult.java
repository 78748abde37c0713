package dev.hai.eval;

import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One item's line in a run: what the call returned and how it scored.
 *
 * @param id the dataset item's id
 * @param outcome the call's outcome ({@link dev.hai.core.ClinicalResult#outcome()}: {@code success},
 *     {@code rejected}, {@code denied}, {@code disabled}, {@code budget_exceeded}, {@code unavailable},
 *     {@code audit_failure}), or {@code error} when the client threw
 * @param output the answer; empty when the call did not succeed
 * @param reason why the call did not succeed, or {@code null}
 * @param tags the item's tags, copied so that reports need no dataset
 * @param scores metric name to score (NaN where a metric does not apply)
 * @param expectedLabel the item's expected label, for classification reports, or {@code null}
 * @param predictedLabel the label read from the answer, or {@code null}
 * @param latencyMillis the call's latency
 * @param callId the call's id (its audit record's id), or {@code null} when the client threw
 * @param prompt the versioned prompt the call used, as {@code id@version sha256:<first 12 hex>}, or
 *     {@code null} for inline messages
 */
public record ItemResult(
    String id,
    String outcome,
    String output,
    @Nullable String reason,
    Map<String, String> tags,
    Map<String, Double> scores,
    @Nullable String expectedLabel,
    @Nullable String predictedLabel,
    long latencyMillis,
    @Nullable String callId,
    @Nullable String prompt) {

  public ItemResult {
    tags = java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
    scores = java.util.Collections.unmodifiableMap(new TreeMap<>(scores));
  }

  /** Whether the call returned an answer. */
  public boolean succeeded() {
    return outcome.equals("success");
  }

  /** The score of a metric, NaN when absent. */
  public double score(String metric) {
    Double s = scores.get(metric);
    return s == null ? Double.NaN : s;
  }

  /** Shows id, outcome and scores, never the answer. */
  @Override
  public String toString() {
    return "ItemResult[id=" + id + ", outcome=" + outcome + ", output=<" + output.length() + " chars>, scores="
        + scores + "]";
  }
}
