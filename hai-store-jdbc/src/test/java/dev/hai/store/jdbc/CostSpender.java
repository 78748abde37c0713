package dev.hai.store.jdbc;

import dev.hai.core.Usage;
import dev.hai.core.cost.Budget;
import dev.hai.core.cost.BudgetStore;
import dev.hai.core.cost.CostLedger;
import dev.hai.core.cost.LedgerEntry;
import dev.hai.core.cost.Money;
import dev.hai.core.cost.ReserveOutcome;
import dev.hai.core.spi.Hosting;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Calls' money path without the model: reserve, settle the full amount, record the ledger entry. */
final class CostSpender {
  static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  private CostSpender() {}

  static Budget budget(String tenant, long limitMicros) {
    return Budget.tenant(tenant).daily(Money.ofMicros("USD", limitMicros)).build();
  }

  /**
   * {@code attempts} reserve-settle-record rounds over {@code threads} threads against the
   * tenant's daily budget; returns how many were admitted. Each settled call is reported as {@code
   * S <call id>}.
   */
  static int spend(BudgetStore store, CostLedger ledger, String tenant, long limitMicros, long amountMicros,
      int attempts, int threads, Consumer<String> report) throws InterruptedException {
    Budget budget = budget(tenant, limitMicros);
    Money amount = Money.ofMicros("USD", amountMicros);
    AtomicInteger left = new AtomicInteger(attempts);
    AtomicInteger admitted = new AtomicInteger();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread w = new Thread(() -> {
        while (left.getAndDecrement() > 0) {
          UUID id = UUID.randomUUID();
          if (store.reserve(id, T0, List.of(budget), amount) instanceof ReserveOutcome.Reserved r) {
            admitted.incrementAndGet();
            store.settle(r.reservation(), amount);
            ledger.record(new LedgerEntry(id, T0, tenant, "u-1", "triage", "1.0.0", "fake", "fake-model",
                Hosting.EXTERNAL, Usage.of(100, 20), 0, amount, "success"));
            report.accept("S " + id);
          }
        }
      });
      w.start();
      workers.add(w);
    }
    for (Thread w : workers) {
      w.join();
    }
    return admitted.get();
  }
}
