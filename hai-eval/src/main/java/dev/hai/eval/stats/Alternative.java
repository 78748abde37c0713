package dev.hai.eval.stats;

/** Which side(s) of the null hypothesis a test's p-value counts, as SciPy's {@code alternative}. */
public enum Alternative {
  /** Either direction ({@code "two-sided"}). */
  TWO_SIDED,
  /** The statistic below its null value ({@code "less"}). */
  LESS,
  /** The statistic above its null value ({@code "greater"}). */
  GREATER
}
