/**
 * Cost accounting and budgets: exact {@link dev.hai.core.cost.Money}, the {@link
 * dev.hai.core.cost.PriceTable} of model prices, {@link dev.hai.core.cost.Budget}s kept by a {@link
 * dev.hai.core.cost.BudgetStore}, one {@link dev.hai.core.cost.LedgerEntry} per call in a {@link
 * dev.hai.core.cost.CostLedger}, and reports ({@link dev.hai.core.cost.SpendReport}, {@link
 * dev.hai.core.cost.BreakEven}, the {@code hai-cost} command line). Turn it on with {@code
 * ClinicalModelClient.Builder.costTracking(CostTracking)}; see {@code docs/cost-and-budgets.md}.
 */
@NullMarked
package dev.hai.core.cost;

import org.jspecify.annotations.NullMarked;
