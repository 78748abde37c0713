/** Cost and budgets: the budget stage, the in-memory store, price and ledger files. Not API. */
@NullMarked
package dev.hai.core.internal.cost;

import org.jspecify.annotations.NullMarked;
