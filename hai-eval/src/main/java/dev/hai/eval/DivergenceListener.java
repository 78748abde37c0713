package dev.hai.eval;

import java.util.List;

/**
 * Told when a determinism check exceeds one of its {@link DeterminismHarness.Thresholds}, or could
 * not measure anything (every call failed, or only one answered): wire it to a pager, a CI
 * annotation or a log.
 *
 * <p>Called on the thread that ran the check, after the report is complete. Implementations should
 * return quickly; an exception thrown here is logged and does not fail the check.
 */
@FunctionalInterface
public interface DivergenceListener {

  /** A listener that does nothing. */
  DivergenceListener NONE = alert -> {};

  /** A check went past a bound. */
  void onDivergence(Alert alert);

  /**
   * What went past which bound.
   *
   * @param report the check's report
   * @param exceeded one line per bound exceeded, for example {@code "distinct ratio 0.45 > 0.10"}, or
   *     {@code "every call failed"} / {@code "only 1 of 20 calls answered: too few to compare"}
   */
  record Alert(DeterminismReport report, List<String> exceeded) {
    public Alert {
      exceeded = List.copyOf(exceeded);
    }
  }
}
