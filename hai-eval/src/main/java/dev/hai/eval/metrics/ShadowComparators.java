package dev.hai.eval.metrics;

import dev.hai.core.route.ShadowComparator;
import dev.hai.eval.DatasetItem;
import dev.hai.eval.Expected;
import dev.hai.eval.Metric;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * hai-eval's metrics as hai-core {@link ShadowComparator}s, to score a shadow's answer against the
 * primary answer of the same request at once (give them to {@code RouteTable.Builder.comparator}).
 *
 * <pre>{@code
 * RouteTable.builder()...
 *     .comparator(ShadowComparator.exactAgreement())
 *     .comparator(ShadowComparators.labelAgreement(LabelExtractor.among(List.of("urgent", "routine"))))
 *     .comparator(ShadowComparators.semanticSimilarity(embeddings))
 *     .build();
 * }</pre>
 *
 * <p>Thread-safe when the metric or model given is.
 */
public final class ShadowComparators {
  private ShadowComparators() {}

  /**
   * {@code label_agreement}: 1 when {@code extractor} reads the same label (ignoring case) from both
   * answers, or none from either; 0 otherwise.
   */
  public static ShadowComparator labelAgreement(LabelExtractor extractor) {
    Objects.requireNonNull(extractor, "extractor");
    return ShadowComparator.of("label_agreement", (primary, shadow) -> {
      String a = extractor.extract(primary);
      String b = extractor.extract(shadow);
      return (a == null ? b == null : a.equalsIgnoreCase(b)) ? 1.0 : 0.0;
    });
  }

  /**
   * {@code label_agreement} over a fixed label set: the first of {@code labels} found in each answer
   * (whole word, any case, as {@link LabelExtractor#among}).
   */
  public static ShadowComparator labelAgreement(List<String> labels) {
    return labelAgreement(LabelExtractor.among(labels));
  }

  /** {@code semantic_similarity}: {@link SemanticSimilarity} of the shadow's answer to the primary's. */
  public static ShadowComparator semanticSimilarity(SimilarityModel model) {
    return of(new SemanticSimilarity(Objects.requireNonNull(model, "model")));
  }

  /**
   * Any text metric, under its own name, with the primary answer as the expected text and the
   * shadow's as the output. A metric that does not apply (NaN) leaves the score out.
   */
  public static ShadowComparator of(Metric metric) {
    Objects.requireNonNull(metric, "metric");
    return ShadowComparator.of(metric.name(), (primary, shadow) -> metric.score(
        new DatasetItem("shadow", Map.of("primary", "answer"), Expected.text(primary), Map.of(), null), shadow));
  }
}
