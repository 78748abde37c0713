package dev.hai.core.cost;

import dev.hai.core.internal.Checks;
import dev.hai.core.internal.cost.AuditLedgerSource;
import java.nio.file.Path;
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

  /**
   * The call records of a {@code FileAuditSink} directory, read as ledger entries (events skipped;
   * hosting and busy time, which the audit record does not hold, are null and 0). Verify the log
   * first ({@code hai-audit verify}) when the report must rest on an untouched trail.
   */
  static LedgerSource fromAuditLog(Path directory) {
    return new AuditLedgerSource(Checks.required(directory, "directory"));
  }
}
