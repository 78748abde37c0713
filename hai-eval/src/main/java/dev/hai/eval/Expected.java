package dev.hai.eval;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a dataset item should produce. At least one field is set; metrics read the ones they need
 * (exact match and ROUGE read {@code text}, classification reads {@code label}, extraction reads
 * {@code items}, JSON metrics read {@code json}).
 *
 * @param text the reference answer text, or {@code null}
 * @param label the expected class, or {@code null}
 * @param items the expected extracted items (for example "metformin 500 mg"), empty when none
 * @param json the expected JSON value as text, or {@code null}
 */
public record Expected(
    @Nullable String text, @Nullable String label, List<String> items, @Nullable String json) {
  public Expected {
    items = List.copyOf(items);
    if (text == null && label == null && items.isEmpty() && json == null) {
      throw new EvalException("expected: set at least one of text, label, items, json");
    }
  }

  /** An expected reference text. */
  public static Expected text(String text) {
    return new Expected(text, null, List.of(), null);
  }

  /** An expected class label. */
  public static Expected label(String label) {
    return new Expected(null, label, List.of(), null);
  }

  /** Expected extracted items. */
  public static Expected items(List<String> items) {
    return new Expected(null, null, items, null);
  }

  /** The reference text, else the label, else the items one per line, else the JSON. */
  public String asText() {
    if (text != null) {
      return text;
    }
    if (label != null) {
      return label;
    }
    if (!items.isEmpty()) {
      return String.join("\n", items);
    }
    return json == null ? "" : json;
  }
}
