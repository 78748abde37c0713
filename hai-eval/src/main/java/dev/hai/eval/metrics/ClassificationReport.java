package dev.hai.eval.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Per-class precision, recall and F1 and the confusion matrix of a classification run.
 *
 * <p>Definitions: for class c, tp = items expected c and predicted c, fp = predicted c but expected
 * another, fn = expected c but predicted another class or nothing. Accuracy = correct / items.
 * Macro-F1 is the unweighted mean of the per-class F1 over the classes with support (expected at
 * least once) or predictions. A missing prediction is counted in the matrix column {@link #NONE}.
 *
 * <pre>{@code
 * ClassificationReport r = ClassificationReport.of(List.of("urgent", "routine"), expected, predicted);
 * r.perClass().get("urgent").f1();
 * r.confusion()[r.classes().indexOf("urgent")][r.classes().indexOf("routine")];  // urgent read as routine
 * }</pre>
 *
 * @param classes the classes, in matrix order; the last column of {@code confusion} is {@link #NONE}
 * @param confusion rows: expected class; columns: predicted class, then "none"
 * @param perClass precision/recall/F1 counts per class
 */
public record ClassificationReport(List<String> classes, int[][] confusion, Map<String, Prf> perClass) {

  /** The column of answers from which no label could be read. */
  public static final String NONE = "(none)";

  public ClassificationReport {
    classes = List.copyOf(classes);
    perClass = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(perClass));
  }

  /**
   * Builds the report. Expected labels outside {@code classes} are added as classes; a predicted
   * label outside them is an error of the caller (an extractor returns only known labels).
   */
  public static ClassificationReport of(
      List<String> classes, List<String> expected, List<@Nullable String> predicted) {
    if (expected.size() != predicted.size()) {
      throw new IllegalArgumentException("expected and predicted differ in size: "
          + expected.size() + " vs " + predicted.size());
    }
    List<String> all = new ArrayList<>(classes);
    for (String e : expected) {
      if (!all.contains(e)) {
        all.add(e);
      }
    }
    int k = all.size();
    int[][] m = new int[k][k + 1];
    for (int i = 0; i < expected.size(); i++) {
      int row = all.indexOf(expected.get(i));
      String p = predicted.get(i);
      int col = p == null ? k : all.indexOf(p);
      if (col < 0) {
        throw new IllegalArgumentException("predicted label '" + p + "' is not one of " + all);
      }
      m[row][col]++;
    }
    Map<String, Prf> per = new LinkedHashMap<>();
    for (int c = 0; c < k; c++) {
      long tp = m[c][c];
      long fp = 0;
      long fn = 0;
      for (int r = 0; r < k; r++) {
        if (r != c) {
          fp += m[r][c];
        }
      }
      for (int col = 0; col <= k; col++) {
        if (col != c) {
          fn += m[c][col];
        }
      }
      per.put(all.get(c), new Prf(tp, fp, fn));
    }
    return new ClassificationReport(all, m, per);
  }

  /** A copy of the matrix: rows expected class, columns predicted class then {@link #NONE}. */
  @Override
  public int[][] confusion() {
    int[][] copy = new int[confusion.length][];
    for (int i = 0; i < confusion.length; i++) {
      copy[i] = confusion[i].clone();
    }
    return copy;
  }

  /** Correct predictions over all items; NaN for no items. */
  public double accuracy() {
    long correct = 0;
    long total = 0;
    for (int r = 0; r < classes.size(); r++) {
      correct += confusion[r][r];
      for (int c : confusion[r]) {
        total += c;
      }
    }
    return total == 0 ? Double.NaN : (double) correct / total;
  }

  /** The mean F1 over classes that were expected or predicted at least once. */
  public double macroF1() {
    double sum = 0;
    int n = 0;
    for (Prf prf : perClass.values()) {
      if (prf.truePositives() + prf.falseNegatives() + prf.falsePositives() > 0) {
        sum += prf.f1();
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /** How many items expected this class. */
  public long support(String label) {
    Prf prf = Objects.requireNonNull(perClass.get(label), label);
    return prf.truePositives() + prf.falseNegatives();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClassificationReport r && classes.equals(r.classes)
        && java.util.Arrays.deepEquals(confusion, r.confusion) && perClass.equals(r.perClass);
  }

  @Override
  public int hashCode() {
    return Objects.hash(classes, java.util.Arrays.deepHashCode(confusion), perClass);
  }

  @Override
  public String toString() {
    return "ClassificationReport[classes=" + classes + ", confusion="
        + java.util.Arrays.deepToString(confusion) + ", perClass=" + perClass + "]";
  }
}
