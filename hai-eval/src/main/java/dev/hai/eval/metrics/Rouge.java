package dev.hai.eval.metrics;

import dev.hai.eval.DatasetItem;
import dev.hai.eval.Metric;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ROUGE-1, ROUGE-2 and ROUGE-L F-measures of an answer against the expected text, defined as in
 * Google's {@code rouge-score} package without stemming: both texts are lower-cased, every run of
 * characters other than {@code a-z0-9} becomes a space, and the text is split on spaces. ROUGE-N
 * counts clipped n-gram overlaps (precision = overlap / answer n-grams, recall = overlap /
 * reference n-grams); ROUGE-L uses the length of the longest common subsequence of the two token
 * lists as the overlap of unigrams. The score is the F1 of precision and recall (0 when either
 * text has no n-grams of that order).
 *
 * <p>ROUGE-L runs in O(n·m) time and O(min(n, m)) memory.
 *
 * @param variant which ROUGE
 */
public record Rouge(Variant variant) implements Metric {

  /** Which ROUGE score. */
  public enum Variant {
    ROUGE_1,
    ROUGE_2,
    ROUGE_L
  }

  public static Rouge rouge1() {
    return new Rouge(Variant.ROUGE_1);
  }

  public static Rouge rouge2() {
    return new Rouge(Variant.ROUGE_2);
  }

  public static Rouge rougeL() {
    return new Rouge(Variant.ROUGE_L);
  }

  @Override
  public String name() {
    return variant.name().toLowerCase(Locale.ROOT).replace("_", "");
  }

  @Override
  public double score(DatasetItem item, String output) {
    return score(output, item.expected().asText());
  }

  /** The F-measure of an answer against a reference. */
  public double score(String answer, String reference) {
    List<String> a = tokens(answer);
    List<String> r = tokens(reference);
    return switch (variant) {
      case ROUGE_1 -> ngramF(a, r, 1);
      case ROUGE_2 -> ngramF(a, r, 2);
      case ROUGE_L -> lcsF(a, r);
    };
  }

  /** rouge-score's tokenisation without stemming. */
  public static List<String> tokens(String text) {
    List<String> tokens = new ArrayList<>();
    String s = text.toLowerCase(Locale.ROOT);
    int i = 0;
    int n = s.length();
    while (i < n) {
      while (i < n && !isAlnum(s.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && isAlnum(s.charAt(i))) {
        i++;
      }
      if (i > start) {
        tokens.add(s.substring(start, i));
      }
    }
    return tokens;
  }

  private static boolean isAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  private static double ngramF(List<String> a, List<String> r, int n) {
    Map<List<String>, Integer> ref = ngrams(r, n);
    Map<List<String>, Integer> ans = ngrams(a, n);
    long overlap = 0;
    for (Map.Entry<List<String>, Integer> e : ans.entrySet()) {
      overlap += Math.min(e.getValue(), ref.getOrDefault(e.getKey(), 0));
    }
    long ansCount = Math.max(0, a.size() - n + 1);
    long refCount = Math.max(0, r.size() - n + 1);
    return fmeasure(overlap, ansCount, refCount);
  }

  private static Map<List<String>, Integer> ngrams(List<String> tokens, int n) {
    Map<List<String>, Integer> counts = new HashMap<>();
    for (int i = 0; i + n <= tokens.size(); i++) {
      counts.merge(tokens.subList(i, i + n), 1, Integer::sum);
    }
    return counts;
  }

  private static double lcsF(List<String> a, List<String> r) {
    return fmeasure(lcs(a, r), a.size(), r.size());
  }

  /** The length of the longest common subsequence of two token lists. */
  public static int lcs(List<String> a, List<String> b) {
    if (a.size() < b.size()) {
      List<String> t = a;
      a = b;
      b = t;
    }
    // Tokens as small ints, so the inner loop compares ints instead of strings.
    Map<String, Integer> ids = new HashMap<>();
    int[] x = new int[a.size()];
    int[] y = new int[b.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = ids.computeIfAbsent(a.get(i), k -> ids.size());
    }
    for (int j = 0; j < y.length; j++) {
      y[j] = ids.computeIfAbsent(b.get(j), k -> ids.size());
    }
    int m = y.length;
    int[] prev = new int[m + 1];
    int[] cur = new int[m + 1];
    for (int xi : x) {
      for (int j = 1; j <= m; j++) {
        cur[j] = xi == y[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[m];
  }

  private static double fmeasure(long overlap, long answerCount, long referenceCount) {
    if (answerCount == 0 || referenceCount == 0 || overlap == 0) {
      return 0.0;
    }
    double p = (double) overlap / answerCount;
    double r = (double) overlap / referenceCount;
    return 2 * p * r / (p + r);
  }
}
