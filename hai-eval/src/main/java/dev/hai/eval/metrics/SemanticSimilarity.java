package dev.hai.eval.metrics;

import dev.hai.eval.DatasetItem;
import dev.hai.eval.Metric;

/**
 * Semantic similarity: the cosine similarity of the answer's and the expected text's embeddings,
 * clipped to [0, 1].
 *
 * @param model the embedding model
 */
public record SemanticSimilarity(SimilarityModel model) implements Metric {

  @Override
  public String name() {
    return "semantic_similarity";
  }

  @Override
  public double score(DatasetItem item, String output) {
    return Math.max(0.0, Math.min(1.0, model.similarity(output, item.expected().asText())));
  }

  /** Items at or above 0.8 similarity pass. */
  @Override
  public double passThreshold() {
    return 0.8;
  }
}
