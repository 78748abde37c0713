package dev.hai.core.cost;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * Where reports read ledger entries from: an {@link InMemoryLedger}, a {@link JsonlLedger} file, the
 * audit trail ({@link #fromAuditLog}), or PostgreSQL ({@code hai-store-jdbc}). Implementations must be
 * safe to read while entries are being recorded.
 */
@FunctionalInterface
public interface LedgerSource {

  /**
   * Hands every entry whose time is in {@code [from, to)} to {@code sink}, in the source's order.
   *
   * @throws BudgetStoreException when the source cannot be read
   */
  void read(Instant from, Instant to, Consumer<? super LedgerEntry> sink);
}
