package dev.hai.core.cost;

/** How often a budget starts afresh, in its time zone. */
public enum BudgetPeriod {
  /** From midnight to midnight. */
  DAY,
  /** From the first of the month at midnight to the first of the next. */
  MONTH
}
