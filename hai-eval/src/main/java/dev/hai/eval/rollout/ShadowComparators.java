package dev.hai.eval.rollout;

import dev.hai.core.route.ShadowComparator;
import dev.hai.eval.metrics.LabelExtractor;
import dev.hai.eval.metrics.SimilarityModel;
import java.util.List;
import java.util.Objects;

/**
 * hai-eval's metrics as {@link ShadowComparator}s, to score each shadow answer against the primary
 * answer as soon as the shadow answers (give them to the route table's comparators). hai-core
 * brings the exact and edit-distance comparators; these add the classification and meaning views.
 *
 * <pre>{@code
 * RouteTable.builder()...
 *     .comparator(ShadowComparators.labelAgreement(List.of("emergency", "urgent", "routine")))
 *     .comparator(ShadowComparators.semanticSimilarity(embeddings))
 * }</pre>
 */
public final class ShadowComparators {
  private ShadowComparators() {}

  /**
   * {@code label_agreement}: 1 when both answers name the same label (the first of {@code labels}
   * found in each, whole word, any case, as {@link LabelExtractor}), including both naming none;
   * else 0.
   */
  public static ShadowComparator labelAgreement(List<String> labels) {
    LabelExtractor extractor = LabelExtractor.among(labels);
    return ShadowComparator.of("label_agreement",
        (primary, shadow) -> Objects.equals(extractor.extract(primary), extractor.extract(shadow)) ? 1.0 : 0.0);
  }

  /**
   * {@code semantic_similarity}: the cosine similarity of the two answers' embeddings, clipped to
   * [0, 1], as the {@code SemanticSimilarity} metric.
   */
  public static ShadowComparator semanticSimilarity(SimilarityModel model) {
    Objects.requireNonNull(model, "model");
    return ShadowComparator.of("semantic_similarity",
        (primary, shadow) -> Math.max(0.0, Math.min(1.0, model.similarity(primary, shadow))));
  }
}
