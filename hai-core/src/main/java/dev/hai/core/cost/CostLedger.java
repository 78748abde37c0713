package dev.hai.core.cost;

/**
 * Receives one {@link LedgerEntry} per call that passed the budget stage, after the call's cost is
 * settled. The embedded default is {@link InMemoryLedger}; {@link JsonlLedger} appends to a file;
 * {@code hai-store-jdbc} writes to PostgreSQL.
 *
 * <p>Implementations must be thread-safe and fast: {@link #record} runs on the calling thread at the
 * end of every call. A ledger that cannot record throws {@link BudgetStoreException}; the client logs
 * it at ERROR (with the call id, never content) and still returns the call's result, because the
 * money is already spent and the audit record carries the cost too.
 */
@FunctionalInterface
public interface CostLedger {

  void record(LedgerEntry entry);

  /** One line for {@code describe()}. */
  default String describe() {
    return getClass().getSimpleName();
  }

  /** A ledger that keeps nothing (the audit trail still carries each call's cost). */
  static CostLedger none() {
    return NoLedger.INSTANCE;
  }
}

/** Keeps nothing. */
enum NoLedger implements CostLedger {
  INSTANCE;

  @Override
  public void record(LedgerEntry entry) {}

  @Override
  public String describe() {
    return "no ledger";
  }
}
