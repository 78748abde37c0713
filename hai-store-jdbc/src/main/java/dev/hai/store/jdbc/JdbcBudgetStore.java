package dev.hai.store.jdbc;

import dev.hai.core.cost.BudgetStore;
import dev.hai.core.cost.BudgetStoreException;
import java.time.Duration;

/**
 * Budgets in PostgreSQL, so that they hold across every JVM that shares the database: {@code
 * hai_budget_account} keeps one row per budget key and period (spent and reserved, in micro-units),
 * {@code hai_budget_reservation} one row per open reservation and account. From {@link
 * JdbcStore#budgetStore()}.
 *
 * <p><b>Atomic across JVMs.</b> A reserve is one statement: it locks the account rows of the
 * call's budgets ({@code SELECT ... ORDER BY budget_key COLLATE "C" FOR UPDATE}: the same order for
 * everyone, settles included, whatever the database's collation, so that they never deadlock), decides whether {@code spent + reserved + amount <= limit}
 * holds for every hard budget, and only then adds the amount to each account and records the
 * reservation; the rows stay locked only for that statement and its commit. A settle or release
 * deletes the reservation's rows ({@code DELETE ... RETURNING}) and moves their amounts from reserved
 * to spent in the same transaction, so it counts once whichever JVM runs it, and in the
 * reservation's period.
 *
 * <p>A JVM that dies between reserve and settle leaves its holds behind; {@link #releaseAbandoned}
 * frees them (run it from a scheduled job with an age well above the longest call).
 *
 * <p>Thread-safe; each operation takes one connection from the DataSource and gives it back.
 */
public interface JdbcBudgetStore extends BudgetStore {

  /**
   * Releases, without spend, every reservation older than {@code olderThan} (by the database's
   * clock): the holds of calls whose JVM died before settling them.
   *
   * @return the number of reservations released
   * @throws BudgetStoreException if the database cannot be reached
   */
  int releaseAbandoned(Duration olderThan);
}
