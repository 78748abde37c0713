package dev.hai.store.jdbc;

import dev.hai.core.cost.CostLedger;
import dev.hai.core.cost.LedgerSource;

/**
 * The cost ledger in PostgreSQL ({@code hai_cost_ledger}), one row per call, shared by every JVM:
 * a {@link CostLedger} to record into and a {@link LedgerSource} for reports. From {@link
 * JdbcStore#costLedger()}.
 *
 * <p>{@link #record} inserts one row and commits before it returns; the call id is the key, so
 * recording an entry again keeps the first. {@link #read} streams the entries of a time range in
 * time order with a cursor, safe beside writers. Money is stored as micro-units and a currency, so
 * sums in SQL are exact. Thread-safe; each operation takes one connection from the DataSource.
 */
public interface JdbcCostLedger extends CostLedger, LedgerSource {}
