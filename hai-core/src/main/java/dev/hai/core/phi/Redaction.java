package dev.hai.core.phi;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link PhiRedactor#redact(String)} returns: the redacted text, what was found (positions in
 * the original text, never the values), and how many of each type.
 *
 * @param text the text with every finding replaced by the redactor's operator
 * @param findings what was found, ordered by start, not overlapping
 * @param counts how many findings of each type; types not found are absent
 */
public record Redaction(String text, List<Finding> findings, Map<PhiType, Integer> counts) {
  public Redaction {
    if (text == null) {
      throw new NullPointerException("text");
    }
    findings = List.copyOf(findings);
    counts = Collections.unmodifiableMap(counts.isEmpty() ? new EnumMap<>(PhiType.class) : new EnumMap<>(counts));
  }

  /** Whether anything was found. */
  public boolean found() {
    return !findings.isEmpty();
  }

  /** A redaction of {@code findings} into {@code text}, with the counts computed from the findings. */
  static Redaction of(String text, List<Finding> findings) {
    Map<PhiType, Integer> counts = new EnumMap<>(PhiType.class);
    for (Finding f : findings) {
      counts.merge(f.type(), 1, Integer::sum);
    }
    return new Redaction(text, findings, counts);
  }
}
