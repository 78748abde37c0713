package dev.hai.core.cost;

/** The embedded store passes the contract. */
class InMemoryBudgetStoreTest extends BudgetStoreContractTest {
  private final BudgetStore store = BudgetStore.inMemory();

  @Override
  protected BudgetStore store() {
    return store;
  }
}
