package dev.hai.store.jdbc;

import static dev.hai.store.jdbc.StoreFixtures.number;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hai.core.Caller;
import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.ClinicalResult;
import dev.hai.core.FinishReason;
import dev.hai.core.PurposeOfUse;
import dev.hai.core.Usage;
import dev.hai.core.cost.Budget;
import dev.hai.core.cost.CostTracking;
import dev.hai.core.cost.Money;
import dev.hai.core.cost.PriceTable;
import dev.hai.core.spi.BackendInfo;
import dev.hai.core.spi.Hosting;
import dev.hai.core.spi.ModelBackend;
import dev.hai.core.spi.ModelCall;
import dev.hai.core.spi.ModelResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Two clients, each with its own connection pool, run calls whose audit trail, budget and ledger
 * all live in one PostgreSQL: the budget refuses once spent, spend equals the ledger, every call has
 * one audit record carrying the same cost, and the chain verifies.
 */
class ClientWithStoreIT {
  static final Budget BUDGET = Budget.tenant("cardiology").daily(Money.of("USD", "0.20")).build();

  private final DataSource ds = TestPostgres.get().freshSchema();

  ClientWithStoreIT() {
    JdbcStore.migrate(ds);
  }

  /** A cloud model that answers at once with 30 input and 100 output tokens. */
  static final class InstantCloudBackend implements ModelBackend {
    @Override
    public BackendInfo info() {
      return new BackendInfo("instant-cloud", "anthropic", Hosting.EXTERNAL, "claude-sonnet-4-5");
    }

    @Override
    public ModelResponse generate(ModelCall call) {
      return new ModelResponse("Stable.", "claude-sonnet-4-5", Usage.of(30, 100), FinishReason.STOP, "end_turn", null);
    }

    @Override
    public void close() {}
  }

  static ClinicalModelClient client(JdbcStore store, JdbcAuditSink audit) {
    return ClinicalModelClient.builder()
        .backend(new InstantCloudBackend())
        .auditSink(audit)
        .auditPatientKey(new byte[32])
        .costTracking(CostTracking.builder()
            .prices(PriceTable.defaults())
            .budget(BUDGET)
            .budgetStore(store.budgetStore())
            .ledger(store.costLedger())
            .build())
        .build();
  }

  static ClinicalRequest request() {
    return ClinicalRequest.builder()
        .caller(Caller.of("u-4711", "attending-physician", "cardiology", PurposeOfUse.TREATMENT))
        .user("Summarise: 67-year-old, chest pain for 2 hours, troponin raised.")
        .maxTokens(128)
        .timeout(Duration.ofSeconds(30))
        .build();
  }

  @Test
  void twoClients_auditBudgetAndLedgerInOneDatabase_agreeToTheMicroUnit() throws Exception {
    int calls = 300;
    ConcurrentLinkedQueue<ClinicalResult> results = new ConcurrentLinkedQueue<>();
    String schema = StoreFixtures.column(ds, "SELECT current_schema()").get(0);
    try (TestPool poolA = new TestPool(TestPostgres.get().dataSource(schema), 8);
        TestPool poolB = new TestPool(TestPostgres.get().dataSource(schema), 8)) {
      JdbcStore a = JdbcStore.builder(poolA).build();
      JdbcStore b = JdbcStore.builder(poolB).build();
      try (JdbcAuditSink auditA = a.auditSink().build();
          JdbcAuditSink auditB = b.auditSink().build();
          ClinicalModelClient clientA = client(a, auditA);
          ClinicalModelClient clientB = client(b, auditB)) {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<?>> runs = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
          ClinicalModelClient c = i % 2 == 0 ? clientA : clientB;
          runs.add(threads.submit(() -> results.add(c.call(request()))));
        }
        for (Future<?> f : runs) {
          f.get(120, TimeUnit.SECONDS);
        }
        threads.shutdown();
      }
    }
    long ok = results.stream().filter(r -> r instanceof ClinicalResult.Success).count();
    long refused = results.stream().filter(r -> r instanceof ClinicalResult.BudgetExceeded).count();
    assertThat(ok + refused).as("every call succeeded or was refused by the budget").isEqualTo(calls);
    assertThat(ok).isPositive();
    assertThat(refused).as("the budget ran out").isPositive();

    long spent = number(ds, "SELECT spent_micros FROM hai_budget_account");
    assertThat(spent).isLessThanOrEqualTo(BUDGET.limit().micros());
    assertThat(number(ds, "SELECT reserved_micros FROM hai_budget_account")).isZero();
    assertThat(number(ds, "SELECT count(*) FROM hai_cost_ledger")).isEqualTo(ok);
    assertThat(number(ds, "SELECT sum(cost_micros) FROM hai_cost_ledger")).isEqualTo(spent);
    assertThat(number(ds, "SELECT count(*) FROM hai_audit_record")).isEqualTo(calls);
    assertThat(number(ds, "SELECT count(*) FROM hai_audit_record r JOIN hai_cost_ledger l USING (call_id)"
        + " WHERE r.cost_micros = l.cost_micros AND r.currency = l.currency")).as("audit and ledger agree").isEqualTo(ok);
    JdbcAuditLog.ChainVerification v = JdbcAuditLog.verify(ds, "main", Optional.empty());
    assertThat(v.ok()).as(v.describe()).isTrue();
  }
}
