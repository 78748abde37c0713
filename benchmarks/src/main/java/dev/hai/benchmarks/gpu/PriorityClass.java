package dev.hai.benchmarks.gpu;

import dev.hai.core.ClinicalPriority;
import dev.hai.core.InvalidRequestException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A clinical priority class of a load run: a name and its priority (higher is more urgent), the
 * built-in ones those of {@link ClinicalPriority}. Requests through HAI carry it as {@link
 * #clinical()}.
 *
 * @param name the class's name, for example {@code emergency}
 * @param priority its priority, higher first
 */
record PriorityClass(String name, int priority) {
  /** The classes of the issue, most urgent first. */
  static final Map<String, Integer> DEFAULTS = defaults();

  private static Map<String, Integer> defaults() {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (ClinicalPriority p : List.of(ClinicalPriority.EMERGENCY, ClinicalPriority.CRITICAL_CARE,
        ClinicalPriority.DECISION_SUPPORT, ClinicalPriority.DOCUMENTATION, ClinicalPriority.INSURANCE,
        ClinicalPriority.ADMINISTRATIVE)) {
      m.put(p.name().toLowerCase(Locale.ROOT).replace('_', '-'), p.level());
    }
    return Collections.unmodifiableMap(m);
  }

  /** The class of the throughput phase's requests: {@link ClinicalPriority#DEFAULT}. */
  static final PriorityClass THROUGHPUT = new PriorityClass("documentation", ClinicalPriority.DEFAULT.level());

  PriorityClass {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("priority class name must not be blank");
    }
    try {
      ClinicalPriority.of(clinicalName(name), priority);
    } catch (InvalidRequestException e) {
      throw new IllegalArgumentException("priority class '" + name + "': " + e.getMessage(), e);
    }
  }

  /** The class as hai-core's priority: {@code emergency} becomes {@link ClinicalPriority#EMERGENCY}. */
  ClinicalPriority clinical() {
    return ClinicalPriority.of(clinicalName(name), priority);
  }

  private static String clinicalName(String name) {
    return name.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /** A class and how many of the saturation phase's closed-loop workers send requests of it. */
  record Offer(PriorityClass priorityClass, int workers) {
    Offer {
      if (workers < 1) {
        throw new IllegalArgumentException("class " + priorityClass.name() + ": workers must be at least 1, was " + workers);
      }
    }
  }

  /**
   * Parses a mix such as {@code emergency:2,documentation:4,administrative:6}: class names from
   * {@link #DEFAULTS} (or {@code name=priority:workers} for another class) and the number of
   * closed-loop workers of each.
   */
  static List<Offer> parseMix(String mix) {
    List<Offer> offers = new ArrayList<>();
    for (String part : mix.split(",")) {
      String item = part.trim();
      int colon = item.lastIndexOf(':');
      if (colon <= 0 || colon == item.length() - 1) {
        throw new IllegalArgumentException("mix item '" + item + "' is not CLASS:WORKERS (for example emergency:2)");
      }
      String head = item.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      int workers = parseInt(item.substring(colon + 1), "workers of '" + item + "'");
      int eq = head.indexOf('=');
      PriorityClass c;
      if (eq >= 0) {
        c = new PriorityClass(head.substring(0, eq), parseInt(head.substring(eq + 1), "priority of '" + item + "'"));
      } else {
        Integer priority = DEFAULTS.get(head);
        if (priority == null) {
          throw new IllegalArgumentException("unknown priority class '" + head + "': use one of " + DEFAULTS.keySet()
              + " or NAME=PRIORITY:WORKERS");
        }
        c = new PriorityClass(head, priority);
      }
      if (offers.stream().anyMatch(o -> o.priorityClass().name().equals(c.name()))) {
        throw new IllegalArgumentException("priority class '" + c.name() + "' appears twice in the mix");
      }
      offers.add(new Offer(c, workers));
    }
    offers.sort((a, b) -> Integer.compare(b.priorityClass().priority(), a.priorityClass().priority()));
    return List.copyOf(offers);
  }

  private static int parseInt(String text, String what) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " is not a whole number: '" + text.trim() + "'", e);
    }
  }
}
