package dev.hai.store.jdbc;

import static dev.hai.store.jdbc.StoreFixtures.number;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hai.core.Usage;
import dev.hai.core.cost.Budget;
import dev.hai.core.cost.BudgetStatus;
import dev.hai.core.cost.LedgerEntry;
import dev.hai.core.cost.Money;
import dev.hai.core.cost.ReserveOutcome;
import dev.hai.core.spi.Hosting;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Budgets and the ledger in a real PostgreSQL, spent from two pools and a second JVM at once. */
class JdbcCostIT {
  private static final long AMOUNT = 1_234_567; // USD 1.234567
  private static final int FITS = 150;

  private final DataSource ds = TestPostgres.get().freshSchema();

  JdbcCostIT() {
    JdbcStore.migrate(ds);
  }

  @AfterEach
  void killChildren() {
    StoreProcess.killAll();
  }

  @Test
  void twoPoolsAndASecondJvm_spendingAgainstOneBudget_admitExactlyWhatFits_andLedgerEqualsSpend() throws Exception {
    String tenant = "cardiology-" + UUID.randomUUID();
    long limit = FITS * AMOUNT;
    String schema = StoreFixtures.column(ds, "SELECT current_schema()").get(0);
    AtomicLong maxHeld = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    Thread monitor = new Thread(() -> {
      while (!stop.get()) {
        try {
          long held = number(ds, "SELECT coalesce(sum(spent_micros + reserved_micros), 0) FROM hai_budget_account");
          maxHeld.accumulateAndGet(held, Math::max);
        } catch (java.sql.SQLException e) {
          return;
        }
      }
    });
    monitor.start();
    StoreProcess child = StoreProcess.start(TestPostgres.get().url(schema), "spend", tenant,
        String.valueOf(limit), String.valueOf(AMOUNT), "120");
    child.await("READY"::equals, 60);
    int parentAdmitted;
    try (TestPool a = new TestPool(TestPostgres.get().dataSource(schema), 8);
        TestPool b = new TestPool(TestPostgres.get().dataSource(schema), 8)) {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      Future<Integer> fa = pool.submit(() -> spend(a, tenant, limit));
      Future<Integer> fb = pool.submit(() -> spend(b, tenant, limit));
      parentAdmitted = fa.get(120, TimeUnit.SECONDS) + fb.get(120, TimeUnit.SECONDS);
      pool.shutdown();
    }
    int childAdmitted = Integer.parseInt(child.await(l -> l.startsWith("DONE "), 120).substring(5));
    stop.set(true);
    monitor.join();

    assertThat(parentAdmitted + childAdmitted).as("admitted across both pools and the child JVM").isEqualTo(FITS);
    assertThat(childAdmitted).as("the child JVM got some of it").isPositive();
    assertThat(maxHeld.get()).as("spent + reserved never passed the limit").isLessThanOrEqualTo(limit);
    BudgetStatus status = JdbcStore.builder(ds).build().budgetStore()
        .status(CostSpender.budget(tenant, limit), CostSpender.T0);
    assertThat(status.reserved()).isEqualTo(Money.zero("USD"));
    assertThat(status.spent()).isEqualTo(Money.ofMicros("USD", limit));
    assertThat(number(ds, "SELECT sum(cost_micros) FROM hai_cost_ledger WHERE tenant = '" + tenant + "'"))
        .as("the ledger's entries sum to the spend, to the micro-unit").isEqualTo(status.spent().micros());
  }

  private int spend(DataSource pool, String tenant, long limit) throws InterruptedException {
    JdbcStore store = JdbcStore.builder(pool).build();
    return CostSpender.spend(store.budgetStore(), store.costLedger(), tenant, limit, AMOUNT, 120, 8, line -> { });
  }

  @Test
  void childJvmKilledHoldingReservations_neverOverspends_andAbandonedHoldsAreReleased() throws Exception {
    String tenant = "oncology-" + UUID.randomUUID();
    long limit = 1_000 * AMOUNT; // more than the child gets through before it is killed
    String schema = StoreFixtures.column(ds, "SELECT current_schema()").get(0);
    String app = "spender-" + UUID.randomUUID();
    StoreProcess child = StoreProcess.start(TestPostgres.get().url(schema) + "&ApplicationName=" + app, "spend",
        tenant, String.valueOf(limit), String.valueOf(AMOUNT), "100000");
    child.await(l -> l.startsWith("S "), 60);
    Thread.sleep(300);
    child.kill();
    // The server may still be finishing a COMMIT the child sent before it died: wait until its
    // sessions are gone, so the snapshot below is the final state.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (number(ds, "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + app + "'") > 0) {
      assertThat(System.nanoTime()).as("the killed child's sessions end").isLessThan(deadline);
      Thread.sleep(20);
    }

    JdbcBudgetStore store = JdbcStore.builder(ds).build().budgetStore();
    Budget budget = CostSpender.budget(tenant, limit);
    BudgetStatus afterKill = store.status(budget, CostSpender.T0);
    assertThat(afterKill.spent().plus(afterKill.reserved()).micros()).isLessThanOrEqualTo(limit);
    assertThat(afterKill.spent().micros() % AMOUNT).as("no half settlement").isZero();
    assertThat(store.releaseAbandoned(Duration.ofHours(1))).as("young holds are kept").isZero();

    int released = store.releaseAbandoned(Duration.ZERO);
    BudgetStatus after = store.status(budget, CostSpender.T0);
    assertThat(after.reserved()).isEqualTo(Money.zero("USD"));
    assertThat(after.spent()).isEqualTo(afterKill.spent());
    assertThat(released).isEqualTo(afterKill.reserved().micros() / AMOUNT);
    long settledIds = child.lines().stream().filter(l -> l.startsWith("S ")).count();
    assertThat(after.spent().micros() / AMOUNT).as("every call the child settled, and at most the ones it"
        + " settled but had not reported yet").isGreaterThanOrEqualTo(settledIds);
    assertThat(number(ds, "SELECT count(*) FROM hai_budget_reservation")).isZero();
  }

  @Test
  void ledger_recordTwiceKeepsOne_readsBackEqualEntriesInTimeOrder() {
    JdbcCostLedger ledger = JdbcStore.builder(ds).build().costLedger();
    Instant t = Instant.parse("2026-11-26T09:00:00.123456Z");
    LedgerEntry priced = new LedgerEntry(UUID.randomUUID(), t, "cardiology", "u-1", "triage", "1.2.0", "anthropic",
        "claude-x", Hosting.EXTERNAL, new Usage(1000, 200, 30, 40), 0, Money.of("USD", "0.004125"), "success");
    LedgerEntry unpriced = new LedgerEntry(UUID.randomUUID(), t.minusSeconds(60), "cardiology", "u-2", null, null,
        "local", "llama", Hosting.LOCAL, Usage.of(10, 2), 1_500_000, null, "unavailable");
    ledger.record(priced);
    ledger.record(priced);
    ledger.record(unpriced);

    List<LedgerEntry> read = new ArrayList<>();
    ledger.read(t.minusSeconds(3600), t.plusSeconds(1), read::add);
    assertThat(read).containsExactly(unpriced, priced);
    List<LedgerEntry> none = new ArrayList<>();
    ledger.read(t.plusSeconds(1), t.plusSeconds(3600), none::add);
    assertThat(none).isEmpty();
  }

  @Test
  void reserve_refusedByTheSecondBudget_holdsNothing_andReportsTheDatabasesSums() {
    JdbcBudgetStore store = JdbcStore.builder(ds).build().budgetStore();
    String tenant = "t-" + UUID.randomUUID();
    Budget dept = Budget.tenant(tenant).daily(Money.of("USD", "10")).build();
    Budget clinician = Budget.tenant(tenant).actor("u-1").daily(Money.of("USD", "1")).build();
    Instant t = CostSpender.T0;
    ReserveOutcome first = store.reserve(UUID.randomUUID(), t, List.of(dept, clinician), Money.of("USD", "0.75"));
    assertThat(first).isInstanceOf(ReserveOutcome.Reserved.class);

    ReserveOutcome second = store.reserve(UUID.randomUUID(), t, List.of(dept, clinician), Money.of("USD", "0.50"));
    assertThat(second).isInstanceOf(ReserveOutcome.Refused.class);
    var overrun = ((ReserveOutcome.Refused) second).overrun();
    assertThat(overrun.budget()).isEqualTo(clinician);
    assertThat(overrun.reserved()).isEqualTo(Money.of("USD", "0.75"));
    assertThat(store.status(dept, t).reserved()).isEqualTo(Money.of("USD", "0.75"));
  }
}
