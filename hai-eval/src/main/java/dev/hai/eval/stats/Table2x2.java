package dev.hai.eval.stats;

/**
 * A 2×2 table of counts, row by row: {@code [[a, b], [c, d]]}. In a rollout the rows are the arms
 * (challenger first) and the columns the outcomes (correct first).
 *
 * <pre>{@code
 * Table2x2 t = Table2x2.of(challengerCorrect, challengerIncorrect, championCorrect, championIncorrect);
 * }</pre>
 *
 * @param a row 1, column 1
 * @param b row 1, column 2
 * @param c row 2, column 1
 * @param d row 2, column 2
 */
public record Table2x2(long a, long b, long c, long d) {
  public Table2x2 {
    if (a < 0 || b < 0 || c < 0 || d < 0) {
      throw new IllegalArgumentException("a 2x2 table holds counts >= 0, was [[" + a + ", " + b + "], [" + c + ", "
          + d + "]]");
    }
  }

  /** The table {@code [[a, b], [c, d]]}. */
  public static Table2x2 of(long a, long b, long c, long d) {
    return new Table2x2(a, b, c, d);
  }

  /** All counts. */
  public long total() {
    return a + b + c + d;
  }

  /** Row {@code i} (0 or 1)'s total. */
  public long row(int i) {
    return i == 0 ? a + b : c + d;
  }

  /** Column {@code j} (0 or 1)'s total. */
  public long column(int j) {
    return j == 0 ? a + c : b + d;
  }

  /** The count expected in cell (i, j) under independence: row total × column total / total. */
  public double expected(int i, int j) {
    long n = total();
    return n == 0 ? 0.0 : (double) row(i) * column(j) / n;
  }

  /** The smallest expected count of the four cells. */
  public double minExpected() {
    return Math.min(Math.min(expected(0, 0), expected(0, 1)), Math.min(expected(1, 0), expected(1, 1)));
  }

  /** Whether a row or a column holds no count (then no test can tell the rows apart). */
  public boolean hasEmptyMargin() {
    return row(0) == 0 || row(1) == 0 || column(0) == 0 || column(1) == 0;
  }

  /** The difference of the rows' first-column proportions, a / (a + b) − c / (c + d); NaN for an empty row. */
  public double proportionDifference() {
    return row(0) == 0 || row(1) == 0 ? Double.NaN : (double) a / row(0) - (double) c / row(1);
  }

  @Override
  public String toString() {
    return "[[" + a + ", " + b + "], [" + c + ", " + d + "]]";
  }
}
