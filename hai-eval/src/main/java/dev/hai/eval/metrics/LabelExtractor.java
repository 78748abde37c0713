package dev.hai.eval.metrics;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a class label out of a free-text answer: the known label that occurs first in the answer
 * as a whole word, ignoring case ("Urgency: URGENT." gives {@code urgent}). An answer that names no
 * known label gives {@code null}.
 *
 * <p>Immutable and thread-safe.
 */
public final class LabelExtractor {
  private final List<String> labels;
  private final Pattern pattern;

  private LabelExtractor(List<String> labels) {
    if (labels.isEmpty()) {
      throw new IllegalArgumentException("labels: give at least one label");
    }
    this.labels = List.copyOf(labels);
    StringBuilder alternatives = new StringBuilder();
    // Longer labels first, so that "non-urgent" wins over "urgent" at the same position.
    labels.stream()
        .sorted((a, b) -> Integer.compare(b.length(), a.length()))
        .forEach(l -> alternatives.append(alternatives.length() == 0 ? "" : "|").append(Pattern.quote(l)));
    this.pattern = Pattern.compile("(?<![\\p{L}\\p{N}-])(" + alternatives + ")(?![\\p{L}\\p{N}-])",
        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  /** An extractor for these labels. */
  public static LabelExtractor among(List<String> labels) {
    return new LabelExtractor(labels);
  }

  /** The labels it knows, as given. */
  public List<String> labels() {
    return labels;
  }

  /** The first known label in the answer, spelt as given to {@link #among}, or {@code null}. */
  public @Nullable String extract(String output) {
    Matcher m = pattern.matcher(output);
    if (!m.find()) {
      return null;
    }
    String found = m.group(1).toLowerCase(Locale.ROOT);
    for (String label : labels) {
      if (label.toLowerCase(Locale.ROOT).equals(found)) {
        return label;
      }
    }
    return null;
  }
}
