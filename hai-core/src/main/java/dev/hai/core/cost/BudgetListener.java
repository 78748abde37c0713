package dev.hai.core.cost;

import java.util.UUID;

/**
 * Told about budgets as calls run: a soft budget exceeded, a hard budget that refused a call. For
 * alerts and metrics.
 *
 * <p>Methods run on the calling thread inside the call: they must be fast and must not block. An
 * exception thrown by a listener is logged and ignored; it never changes the call.
 */
public interface BudgetListener {

  /** A call went ahead although its worst case takes a soft budget over its limit. */
  default void softBudgetExceeded(UUID callId, BudgetOverrun overrun) {}

  /** A hard budget refused a call; it ended with {@code ClinicalResult.BudgetExceeded}. */
  default void hardBudgetRefused(UUID callId, BudgetOverrun overrun) {}

  /** A listener that does nothing. */
  static BudgetListener none() {
    return NoListener.INSTANCE;
  }
}

/** Does nothing. */
enum NoListener implements BudgetListener {
  INSTANCE
}
