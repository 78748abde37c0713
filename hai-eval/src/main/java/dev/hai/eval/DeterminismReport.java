package dev.hai.eval;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How much the answers to one request varied over repeated calls at one setting.
 *
 * @param setting what was held fixed, for example {@code "temperature 0.7, seed 42"}
 * @param temperature the temperature, or {@code null} for the backend's default
 * @param seed the seed sent, or {@code null}
 * @param repeats calls made
 * @param failures calls that did not succeed (left out of every measure below)
 * @param distinctOutputs how many different answers came back
 * @param distinctRatio distinct answers / successful calls: 1/n when every answer was the same,
 *     1 when all differ
 * @param meanEditDistance the mean over all pairs of answers of the word-level Levenshtein
 *     distance divided by the longer answer's word count: 0 identical, 1 nothing in common
 * @param meanSimilarity the mean pairwise semantic similarity, NaN without a {@link
 *     dev.hai.eval.metrics.SimilarityModel}
 * @param labelFlipRate the share of answers whose label differs from the most common label, NaN
 *     without labels
 * @param modalShare the share of answers equal to the most common answer
 * @param meanCommonPrefix the mean length, in characters, of the prefix each answer shares with
 *     the most common answer: where answers start to diverge
 * @param varyingParts the lines (or sentences) of the most common answer that not every answer
 *     contains, with the share that does, least stable first
 * @param meanLatencyMillis mean latency of the successful calls
 */
public record DeterminismReport(
    String setting,
    @Nullable Double temperature,
    @Nullable Long seed,
    int repeats,
    int failures,
    int distinctOutputs,
    double distinctRatio,
    double meanEditDistance,
    double meanSimilarity,
    double labelFlipRate,
    double modalShare,
    double meanCommonPrefix,
    List<VaryingPart> varyingParts,
    double meanLatencyMillis) {

  public DeterminismReport {
    varyingParts = List.copyOf(varyingParts);
  }

  /**
   * A part of the most common answer and how often it appears.
   *
   * @param text the line or sentence
   * @param share the share of answers that contain it
   */
  public record VaryingPart(String text, double share) {}

  /** Shows the measures, not the answers' text. */
  @Override
  public String toString() {
    return "DeterminismReport[" + setting + ": repeats=" + repeats + ", failures=" + failures + ", distinct="
        + distinctOutputs + ", distinctRatio=" + distinctRatio + ", meanEditDistance=" + meanEditDistance
        + ", labelFlipRate=" + labelFlipRate + ", varyingParts=" + varyingParts.size() + "]";
  }
}
