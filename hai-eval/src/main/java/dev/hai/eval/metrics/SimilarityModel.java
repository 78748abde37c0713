package dev.hai.eval.metrics;

/**
 * A sentence-embedding model run in-process, for {@link SemanticSimilarity} and the determinism
 * harness's pairwise similarity.
 *
 * <p>hai-eval ships no implementation: no embedding model is among the project's chosen
 * dependencies yet (see docs/evaluation.md). An application plugs in its own, for example an ONNX
 * export of all-MiniLM-L6-v2 behind this interface.
 *
 * <p>Implementations must be thread-safe and must not call out over the network: clinical text
 * may be evaluated.
 */
@FunctionalInterface
public interface SimilarityModel {

  /** The embedding of a text; every call returns a vector of the same length. */
  float[] embed(String text);

  /** Cosine similarity of two texts' embeddings, in [-1, 1]; 0 when either vector is zero. */
  default double similarity(String a, String b) {
    return cosine(embed(a), embed(b));
  }

  /** Cosine similarity of two vectors of the same length. */
  static double cosine(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("vectors differ in length: " + a.length + " vs " + b.length);
    }
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0.0 : dot / Math.sqrt(na * nb);
  }
}
