package dev.hai.core.internal.cost;

import dev.hai.core.audit.AuditException;
import dev.hai.core.audit.AuditLogReader;
import dev.hai.core.audit.AuditRecord;
import dev.hai.core.cost.BudgetStoreException;
import dev.hai.core.cost.LedgerEntry;
import dev.hai.core.cost.LedgerSource;
import dev.hai.core.cost.Money;
import dev.hai.core.route.RouteTable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The call records of an audit log as ledger entries: the audit trail carries each call's tenant,
 * actor, prompt, model, tokens and cost, so a report can be made from it when no ledger was kept.
 * Administrative events are skipped, except shadow calls ({@code route.shadow}, outcome {@code
 * shadow:<outcome>}), which spent money; hosting and local busy time are not in the audit record (null
 * and 0).
 */
public final class AuditLedgerSource implements LedgerSource {
  private final Path directory;

  public AuditLedgerSource(Path directory) {
    this.directory = directory;
  }

  @Override
  public void read(Instant from, Instant to, Consumer<? super LedgerEntry> sink) {
    try (Stream<AuditRecord> records = AuditLogReader.stream(directory)) {
      Iterator<AuditRecord> it = records.iterator();
      while (it.hasNext()) {
        AuditRecord r = it.next();
        // A shadow call spent money like a call: it counts, under outcome shadow:<outcome>.
        boolean shadow = r.isEvent() && r.event().kind().equals(RouteTable.SHADOW_EVENT);
        if ((r.isEvent() && !shadow) || r.time().isBefore(from) || !r.time().isBefore(to)) {
          continue;
        }
        sink.accept(new LedgerEntry(r.callId(), r.time(), r.tenant(), r.actorId(), r.promptId(), r.promptVersion(),
            r.backend(), r.model(), null, r.usage(), 0, r.cost() == null ? null : Money.parse(r.cost()),
            shadow ? "shadow:" + r.event().to() : r.outcome()));
      }
    } catch (AuditException | UncheckedIOException e) {
      throw new BudgetStoreException("cannot read the audit log " + directory + ": " + e.getMessage(), e);
    }
  }
}
