package dev.hai.eval.metrics;

import dev.hai.eval.DatasetItem;
import dev.hai.eval.Metric;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Token-level F1, as in SQuAD's evaluation: both texts are normalised and split on whitespace;
 * the overlap is the size of the multiset intersection of the two token bags (a token counts as
 * often as it occurs in both). Precision is overlap / answer tokens, recall is overlap / expected
 * tokens, and the score is their F1 (see {@link Prf} for empty texts). The reference is the
 * expected text (see {@link dev.hai.eval.Expected#asText()}).
 *
 * @param normalization applied before splitting; {@link Normalization#SQUAD} reproduces SQuAD
 */
public record TokenF1(Normalization normalization) implements Metric {

  /** Token F1 after {@link Normalization#DEFAULT}. */
  public static TokenF1 normalised() {
    return new TokenF1(Normalization.DEFAULT);
  }

  @Override
  public String name() {
    return "token_f1";
  }

  @Override
  public double score(DatasetItem item, String output) {
    return prf(output, item.expected().asText()).f1();
  }

  /** The token counts of an answer against a reference. */
  public Prf prf(String answer, String reference) {
    return overlap(normalization.tokens(answer), normalization.tokens(reference));
  }

  /** Multiset overlap of two token lists. */
  public static Prf overlap(List<String> answer, List<String> reference) {
    Map<String, Integer> counts = new HashMap<>(reference.size() * 2);
    for (String t : reference) {
      counts.merge(t, 1, Integer::sum);
    }
    long common = 0;
    for (String t : answer) {
      Integer c = counts.get(t);
      if (c != null && c > 0) {
        common++;
        counts.put(t, c - 1);
      }
    }
    return new Prf(common, answer.size() - common, reference.size() - common);
  }
}
