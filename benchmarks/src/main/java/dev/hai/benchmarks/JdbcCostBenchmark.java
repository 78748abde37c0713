package dev.hai.benchmarks;

import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.ClinicalResult;
import dev.hai.core.Usage;
import dev.hai.core.cost.Budget;
import dev.hai.core.cost.BudgetStore;
import dev.hai.core.cost.CostTracking;
import dev.hai.core.cost.InMemoryLedger;
import dev.hai.core.cost.LedgerEntry;
import dev.hai.core.cost.Money;
import dev.hai.core.cost.PriceTable;
import dev.hai.core.cost.ReserveOutcome;
import dev.hai.core.spi.Hosting;
import dev.hai.store.jdbc.JdbcAuditSink;
import dev.hai.store.jdbc.JdbcBudgetStore;
import dev.hai.store.jdbc.JdbcCostLedger;
import dev.hai.store.jdbc.JdbcStore;
import dev.hai.store.jdbc.TestPool;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Budgets and the ledger in PostgreSQL, 8 threads, throughput. Needs PostgreSQL (see {@link
 * BenchPostgres}).
 *
 * <ul>
 *   <li>{@code reserveSettleRecord}: the money path of one call on its own: reserve against a
 *       tenant budget and an actor budget, settle, insert the ledger entry (three transactions).
 *   <li>{@code callWithStore}: whole calls of a client whose audit sink, budget store and ledger are
 *       all in PostgreSQL, in front of a backend that answers at once.
 *   <li>{@code callInMemory}: the same client with the in-memory budget store and ledger and no
 *       audit sink: the baseline without the database.
 * </ul>
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar JdbcCost}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class JdbcCostBenchmark {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  private static final Money AMOUNT = Money.of("USD", "0.002");

  private TestPool pool;
  private JdbcBudgetStore budgets;
  private JdbcCostLedger ledger;
  private JdbcAuditSink audit;
  private ClinicalModelClient stored;
  private ClinicalModelClient inMemory;
  private List<Budget> callBudgets;
  private ClinicalRequest request;

  @Setup(Level.Trial)
  public void setUp() {
    pool = BenchPostgres.freshStore(16);
    JdbcStore store = JdbcStore.builder(pool).build();
    budgets = store.budgetStore();
    ledger = store.costLedger();
    audit = store.auditSink().build();
    Money plenty = Money.of("USD", "1000000");
    callBudgets = List.of(Budget.tenant("cardiology").daily(plenty).build(),
        Budget.tenant("cardiology").actor("u-4711").daily(plenty).build());
    stored = ClinicalModelClient.builder()
        .backend(new InstantBackend())
        .auditSink(audit)
        .auditPatientKey(new byte[32])
        .costTracking(costTracking(budgets, ledger))
        .build();
    inMemory = ClinicalModelClient.builder()
        .backend(new InstantBackend())
        .costTracking(costTracking(BudgetStore.inMemory(), new InMemoryLedger()))
        .build();
    request = BenchmarkRequests.summary().patientId("MRN-0047113").build();
  }

  private CostTracking costTracking(BudgetStore store, dev.hai.core.cost.CostLedger costLedger) {
    return CostTracking.builder()
        .prices(PriceTable.defaults())
        .budgets(callBudgets)
        .budgetStore(store)
        .ledger(costLedger)
        .localComputePrice("instant", Money.of("USD", "2.40"))
        .build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    stored.close();
    inMemory.close();
    audit.close();
    pool.close();
  }

  @Benchmark
  @Threads(8)
  public void reserveSettleRecord() {
    UUID id = UUID.randomUUID();
    ReserveOutcome o = budgets.reserve(id, T0, callBudgets, AMOUNT);
    if (!(o instanceof ReserveOutcome.Reserved r)) {
      throw new IllegalStateException("the benchmark's budget ran out: " + o);
    }
    budgets.settle(r.reservation(), AMOUNT);
    ledger.record(new LedgerEntry(id, T0, "cardiology", "u-4711", null, null, "instant", "instant-1",
        Hosting.LOCAL, Usage.of(42, 11), 35, AMOUNT, "success"));
  }

  @Benchmark
  @Threads(8)
  public ClinicalResult callWithStore() {
    return stored.call(request);
  }

  @Benchmark
  @Threads(8)
  public ClinicalResult callInMemory() {
    return inMemory.call(request);
  }
}
