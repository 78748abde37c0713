package dev.hai.core.phi;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Precision, recall and F1 of a {@link PhiRedactor} per {@link PhiType} against labelled notes.
 *
 * <p><b>Matching (typed span overlap).</b> A labelled span of type T is <em>found</em> when at
 * least one finding of the same type T shares at least one character with it. A finding of type T
 * is <em>correct</em> when it shares at least one character with a labelled span of type T.
 * Recall(T) = found labelled spans of T / labelled spans of T; precision(T) = correct findings of T
 * / findings of T; F1 is their harmonic mean. A phone reported as a fax counts against both types.
 *
 * <p>Because overlap is lenient (finding "John" in "John Smith" counts as found), the table also
 * gives <b>coverage(T)</b>: the share of the non-white-space characters of labelled spans of T that
 * lie inside some finding of any type, i.e. what is actually hidden. 1 - coverage is what leaks.
 */
final class PhiEvaluation {
  final Map<PhiType, int[]> counts = new EnumMap<>(PhiType.class); // gold, found, predicted, correct, chars, covered

  PhiEvaluation add(PhiCorpus.Note note, List<Finding> findings) {
    String text = note.text();
    boolean[] hidden = new boolean[text.length()];
    for (Finding f : findings) {
      for (int k = f.start(); k < f.end(); k++) {
        hidden[k] = true;
      }
      int[] c = row(f.type());
      c[2]++;
      if (note.spans().stream().anyMatch(s -> s.type() == f.type() && overlaps(s, f))) {
        c[3]++;
      }
    }
    for (PhiCorpus.Span s : note.spans()) {
      int[] c = row(s.type());
      c[0]++;
      if (findings.stream().anyMatch(f -> f.type() == s.type() && overlaps(s, f))) {
        c[1]++;
      }
      for (int k = s.start(); k < s.end(); k++) {
        if (!Character.isWhitespace(text.charAt(k))) {
          c[4]++;
          c[5] += hidden[k] ? 1 : 0;
        }
      }
    }
    return this;
  }

  private int[] row(PhiType t) {
    return counts.computeIfAbsent(t, k -> new int[6]);
  }

  private static boolean overlaps(PhiCorpus.Span s, Finding f) {
    return f.start() < s.end() && s.start() < f.end();
  }

  double recall(PhiType t) {
    int[] c = row(t);
    return c[0] == 0 ? 1.0 : (double) c[1] / c[0];
  }

  double precision(PhiType t) {
    int[] c = row(t);
    return c[2] == 0 ? 1.0 : (double) c[3] / c[2];
  }

  /** Recall over all types pooled. */
  double microRecall() {
    int labelled = 0;
    int found = 0;
    for (int[] c : counts.values()) {
      labelled += c[0];
      found += c[1];
    }
    return labelled == 0 ? 1.0 : (double) found / labelled;
  }

  /** Precision over all types pooled. */
  double microPrecision() {
    int findings = 0;
    int correct = 0;
    for (int[] c : counts.values()) {
      findings += c[2];
      correct += c[3];
    }
    return findings == 0 ? 1.0 : (double) correct / findings;
  }

  double f1(PhiType t) {
    double p = precision(t);
    double r = recall(t);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  double coverage(PhiType t) {
    int[] c = row(t);
    return c[4] == 0 ? 1.0 : (double) c[5] / c[4];
  }

  /** A Markdown table, one row per type with labels or findings, then all types pooled. */
  String table() {
    StringBuilder b = new StringBuilder();
    b.append("| type | labelled | found | findings | precision | recall | F1 | coverage |\n");
    b.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    int[] all = new int[6];
    for (Map.Entry<PhiType, int[]> e : counts.entrySet()) {
      PhiType t = e.getKey();
      int[] c = e.getValue();
      for (int k = 0; k < 6; k++) {
        all[k] += c[k];
      }
      b.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.3f | %.3f | %.3f | %.3f |%n",
          t, c[0], c[1], c[2], precision(t), recall(t), f1(t), coverage(t)));
    }
    double p = all[2] == 0 ? 1 : (double) all[3] / all[2];
    double r = all[0] == 0 ? 1 : (double) all[1] / all[0];
    b.append(String.format(Locale.ROOT, "| all (micro) | %d | %d | %d | %.3f | %.3f | %.3f | %.3f |%n",
        all[0], all[1], all[2], p, r, 2 * p * r / (p + r), all[4] == 0 ? 1 : (double) all[5] / all[4]));
    return b.toString();
  }
}
