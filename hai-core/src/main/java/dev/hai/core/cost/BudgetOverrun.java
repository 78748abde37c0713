package dev.hai.core.cost;

import dev.hai.core.internal.Checks;

/**
 * A reservation that does not fit a budget: {@code spent + reserved + requested > limit}. For a hard
 * budget the call was refused with it; for a soft budget the call went on and listeners were told.
 *
 * @param budget the budget that does not fit
 * @param window its period
 * @param spent settled spend in the period before this call
 * @param reserved held by other calls in flight
 * @param requested this call's worst-case reservation
 */
public record BudgetOverrun(Budget budget, BudgetWindow window, Money spent, Money reserved, Money requested) {
  public BudgetOverrun {
    Checks.required(budget, "budget");
    Checks.required(window, "window");
    Checks.required(spent, "spent");
    Checks.required(reserved, "reserved");
    Checks.required(requested, "requested");
  }

  /** One line for logs and results: names the budget and the amounts (no call content). */
  public String describe() {
    return (budget.isHard() ? "hard" : "soft") + " budget " + budget.key() + " (" + window.label() + "): limit "
        + budget.limit() + ", spent " + spent + ", reserved by calls in flight " + reserved
        + ", this call's worst case " + requested;
  }
}
