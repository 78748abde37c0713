package dev.hai.eval;

import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One case of a golden dataset: the input variables of a prompt, what the answer should be, and
 * tags for per-group breakdowns.
 *
 * @param id unique within its dataset
 * @param input the prompt's variables (for example {@code note}), at least one
 * @param expected what the answer should contain
 * @param tags group labels such as {@code specialty=cardiology}, {@code difficulty=hard}; reports
 *     break every metric down per {@code key=value}
 * @param notes free text for the dataset's authors, or {@code null}
 */
public record DatasetItem(
    String id,
    Map<String, String> input,
    Expected expected,
    Map<String, String> tags,
    @Nullable String notes) {
  public DatasetItem {
    if (id == null || id.isBlank()) {
      throw new EvalException("id: must not be blank");
    }
    if (input.isEmpty()) {
      throw new EvalException("input: must hold at least one variable");
    }
    input = java.util.Collections.unmodifiableMap(new TreeMap<>(input));
    tags = java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
  }

  /** The tag with this key, or {@code null}. */
  public @Nullable String tag(String key) {
    return tags.get(key);
  }

  /** Shows the id and tags, never the input: a real dataset's notes may hold PHI. */
  @Override
  public String toString() {
    return "DatasetItem[id=" + id + ", input=" + input.keySet() + ", tags=" + tags + "]";
  }
}
