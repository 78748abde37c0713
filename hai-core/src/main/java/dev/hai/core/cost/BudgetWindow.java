package dev.hai.core.cost;

import dev.hai.core.internal.Checks;
import java.time.Instant;

/**
 * One period of a budget: the instants it covers and its name.
 *
 * @param start the first instant of the period (inclusive)
 * @param end the first instant of the next period (exclusive)
 * @param label the period in its time zone: {@code "2026-11-26"} for a day, {@code "2026-11"} for
 *     a month
 */
public record BudgetWindow(Instant start, Instant end, String label) {
  public BudgetWindow {
    Checks.required(start, "window.start");
    Checks.required(end, "window.end");
    Checks.notBlank(label, "window.label");
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("window end " + end + " must be after its start " + start);
    }
  }

  /** Whether {@code instant} falls in this period. */
  public boolean contains(Instant instant) {
    return !instant.isBefore(start) && instant.isBefore(end);
  }
}
