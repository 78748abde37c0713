package dev.hai.eval.internal;

/** Levenshtein distance over words, normalised by the longer text's word count. */
public final class EditDistance {
  private EditDistance() {}

  /**
   * The word-level Levenshtein distance of two texts (split on whitespace) divided by the larger
   * word count: 0 for equal texts, 1 when no word lines up. Two empty texts are 0 apart.
   */
  public static double normalisedWords(String a, String b) {
    String[] x = a.strip().isEmpty() ? new String[0] : a.strip().split("\\s+");
    String[] y = b.strip().isEmpty() ? new String[0] : b.strip().split("\\s+");
    int max = Math.max(x.length, y.length);
    return max == 0 ? 0.0 : (double) levenshtein(x, y) / max;
  }

  /** The Levenshtein distance of two token arrays, in O(min(n, m)) memory. */
  public static int levenshtein(String[] a, String[] b) {
    if (a.length < b.length) {
      String[] t = a;
      a = b;
      b = t;
    }
    int[] prev = new int[b.length + 1];
    int[] cur = new int[b.length + 1];
    for (int j = 0; j <= b.length; j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length; i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length; j++) {
        int cost = a[i - 1].equals(b[j - 1]) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length];
  }
}
