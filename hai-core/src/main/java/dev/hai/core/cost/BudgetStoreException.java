package dev.hai.core.cost;

/** A {@link BudgetStore} or {@link CostLedger} could not do its work (a database down, a disk full). */
public class BudgetStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BudgetStoreException(String message) {
    super(message);
  }

  public BudgetStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
