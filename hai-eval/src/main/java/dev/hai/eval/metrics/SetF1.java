package dev.hai.eval.metrics;

import dev.hai.eval.DatasetItem;
import dev.hai.eval.Metric;
import dev.hai.eval.internal.Jsons;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Set precision/recall/F1 for extraction: the answer's items against the expected {@code items},
 * each side as a set of normalised strings.
 *
 * <p>The answer's items: if the answer (trimmed) is a JSON array, its elements (strings as they
 * are, other values as JSON text); otherwise its non-blank lines, each with a leading bullet
 * ({@code -}, {@code *}, {@code •}) or number ({@code 1.}, {@code 2)}) removed. Each item is then
 * normalised with {@link Normalization#DEFAULT}, and a number glued to a unit is split ({@code
 * 500mg} becomes {@code 500 mg}), so formatting does not count as an error. The score is the F1 of
 * {@link #prf}; an item with no expected items and an answer with none scores 1.
 */
public record SetF1() implements Metric {

  private static final Pattern BULLET = Pattern.compile("^\\s*(?:[-*\u2022]|\\d+[.)])\\s+");
  private static final Pattern GLUED_UNIT = Pattern.compile("(\\d)([a-z]+)\\b");

  public static SetF1 normalised() {
    return new SetF1();
  }

  @Override
  public String name() {
    return "set_f1";
  }

  @Override
  public double score(DatasetItem item, String output) {
    return prf(items(output), item.expected().items()).f1();
  }

  /** Counts of the answer's items against the expected ones, after normalisation. */
  public static Prf prf(List<String> answer, List<String> expected) {
    Set<String> a = normalise(answer);
    Set<String> e = normalise(expected);
    long tp = a.stream().filter(e::contains).count();
    return new Prf(tp, a.size() - tp, e.size() - tp);
  }

  /** The items of an answer, as described in the class comment (not yet normalised). */
  public static List<String> items(String output) {
    String trimmed = output.strip();
    List<String> items = new ArrayList<>();
    if (trimmed.startsWith("[")) {
      try {
        JsonNode array = Jsons.MAPPER.readTree(trimmed);
        if (array.isArray()) {
          array.forEach(n -> items.add(n.isTextual() ? n.asText() : n.toString()));
          return items;
        }
      } catch (java.io.IOException notJson) {
        // not a JSON array: read it as lines
      }
    }
    for (String line : trimmed.split("\\R")) {
      String item = BULLET.matcher(line).replaceFirst("").strip();
      if (!item.isEmpty()) {
        items.add(item);
      }
    }
    return items;
  }

  private static Set<String> normalise(List<String> items) {
    Set<String> set = new LinkedHashSet<>();
    for (String item : items) {
      String n = Normalization.DEFAULT.apply(GLUED_UNIT.matcher(item.toLowerCase(java.util.Locale.ROOT)).replaceAll("$1 $2"));
      if (!n.isEmpty()) {
        set.add(Normalization.DEFAULT.apply(n));
      }
    }
    return set;
  }
}
