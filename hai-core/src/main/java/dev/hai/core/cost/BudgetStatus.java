package dev.hai.core.cost;

import dev.hai.core.internal.Checks;

/**
 * Where a budget stands in one period.
 *
 * @param budget the budget
 * @param window the period
 * @param spent settled spend in the period
 * @param reserved held by reservations not yet settled or released
 */
public record BudgetStatus(Budget budget, BudgetWindow window, Money spent, Money reserved) {
  public BudgetStatus {
    Checks.required(budget, "budget");
    Checks.required(window, "window");
    Checks.required(spent, "spent");
    Checks.required(reserved, "reserved");
  }

  /** The limit less spend and reservations; negative once a budget is overspent. */
  public Money remaining() {
    return budget.limit().minus(spent).minus(reserved);
  }
}
