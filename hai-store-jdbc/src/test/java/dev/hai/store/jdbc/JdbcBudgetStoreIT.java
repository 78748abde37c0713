package dev.hai.store.jdbc;

import dev.hai.core.cost.BudgetStore;
import dev.hai.core.cost.BudgetStoreContractTest;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;

/**
 * The PostgreSQL budget store passes hai-core's {@link BudgetStoreContractTest}, its 1,000
 * concurrent reserves included (through a pool of 32 connections), against a real server.
 */
class JdbcBudgetStoreIT extends BudgetStoreContractTest {
  private static final TestPool POOL;
  private static final BudgetStore STORE;

  static {
    DataSource ds = TestPostgres.get().freshSchema();
    JdbcStore.migrate(ds);
    POOL = new TestPool(ds, 32);
    STORE = JdbcStore.builder(POOL).build().budgetStore();
  }

  @Override
  protected BudgetStore store() {
    return STORE;
  }

  @AfterAll
  static void closePool() {
    POOL.close();
  }
}
