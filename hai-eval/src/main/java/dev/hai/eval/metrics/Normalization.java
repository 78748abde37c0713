package dev.hai.eval.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How text is normalised before it is compared. Steps run in this order: lower-case (root locale),
 * punctuation to spaces, articles ("a", "an", "the") removed, whitespace collapsed and trimmed.
 * Trimming always happens.
 *
 * @param lowerCase lower-case the text
 * @param stripPunctuation replace every Unicode punctuation or symbol character with a space
 * @param stripArticles drop the English articles a, an, the (as SQuAD's evaluation does)
 * @param collapseWhitespace replace runs of whitespace with one space
 */
public record Normalization(
    boolean lowerCase, boolean stripPunctuation, boolean stripArticles, boolean collapseWhitespace) {

  /** Only trims. */
  public static final Normalization NONE = new Normalization(false, false, false, false);

  /** Lower-case, punctuation removed, whitespace collapsed: the default of the text metrics. */
  public static final Normalization DEFAULT = new Normalization(true, true, false, true);

  /** {@link #DEFAULT} plus article removal: SQuAD's answer normalisation. */
  public static final Normalization SQUAD = new Normalization(true, true, true, true);

  private static final Pattern PUNCTUATION = Pattern.compile("[\\p{P}\\p{S}]");
  private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern SPACES = Pattern.compile("\\s+");

  /** Normalises one text. */
  public String apply(String text) {
    String s = text;
    if (lowerCase) {
      s = s.toLowerCase(Locale.ROOT);
    }
    if (stripPunctuation) {
      s = PUNCTUATION.matcher(s).replaceAll(" ");
    }
    if (stripArticles) {
      s = ARTICLES.matcher(s).replaceAll(" ");
    }
    if (collapseWhitespace) {
      s = SPACES.matcher(s).replaceAll(" ");
    }
    return s.strip();
  }

  /** Normalises, then splits on whitespace. */
  public List<String> tokens(String text) {
    String s = apply(text);
    List<String> tokens = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      while (i < n && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      if (i > start) {
        tokens.add(s.substring(start, i));
      }
    }
    return tokens;
  }
}
