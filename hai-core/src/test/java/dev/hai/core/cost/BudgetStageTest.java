package dev.hai.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hai.core.Caller;
import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.ClinicalResult;
import dev.hai.core.PurposeOfUse;
import dev.hai.core.StagePosition;
import dev.hai.core.Usage;
import dev.hai.core.audit.AuditRecord;
import dev.hai.core.audit.AuditSink;
import dev.hai.core.spi.Hosting;
import dev.hai.core.spi.Stage;
import dev.hai.core.testing.FakeTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The budget stage through a real client: pricing, reservations, refusals, ledger and audit. */
class BudgetStageTest {
  private static final Caller CALLER = Caller.of("u-1", "physician", "cardiology", PurposeOfUse.TREATMENT);
  private static final Usage USAGE = new Usage(1234, 567, 0, 0);
  /** 1234 × $3 + 567 × $15 per million tokens. */
  private static final Money USAGE_COST = Money.ofMicros("USD", 3_702 + 8_505);

  private final FakeTime time = new FakeTime(Instant.parse("2026-11-26T08:00:00Z"));
  private final InMemoryLedger ledger = new InMemoryLedger();
  private final BudgetStore store = BudgetStore.inMemory();

  private static ClinicalRequest request(int maxTokens) {
    return ClinicalRequest.builder().caller(CALLER).system("Summarise.").user("Note: stable.").maxTokens(maxTokens)
        .timeout(Duration.ofSeconds(30)).build();
  }

  private ClinicalModelClient client(PricedBackend backend, CostTracking.Builder cost) {
    return ClinicalModelClient.builder().backend(backend).clock(time).sleeper(time)
        .costTracking(cost.ledger(ledger).budgetStore(store).build()).build();
  }

  /** The reservation the stage makes for {@link #request}: UTF-8 bytes + 8 per message, at $3.75; the cap at $15. */
  private static Money worstCase(int maxTokens) {
    long input = "Summarise.".length() + 8 + "Note: stable.".length() + 8;
    return PriceTable.defaults().lookup("claude-sonnet-4-5", LocalDate.parse("2026-11-26")).worstCaseCost(input, maxTokens);
  }

  /* --- cost --- */

  @Test
  void call_cloudModel_costIsUsageAtTheSnapshotsPrice_inResultLedgerAndStore() {
    PricedBackend backend = PricedBackend.anthropic(USAGE);
    Budget budget = Budget.tenant("cardiology").daily(Money.of("USD", "10")).build();
    try (ClinicalModelClient client = client(backend, CostTracking.builder().budget(budget))) {

      ClinicalResult result = client.call(request(1000));

      assertThat(result.isSuccess()).isTrue();
      assertThat(result.metadata().model()).isEqualTo("claude-sonnet-4-5-20250929");
      assertThat(result.metadata().cost()).isEqualTo(USAGE_COST);
      LedgerEntry entry = ledger.entries().get(0);
      assertThat(entry.callId()).isEqualTo(result.callId());
      assertThat(entry.cost()).isEqualTo(USAGE_COST);
      assertThat(entry.tenant()).isEqualTo("cardiology");
      assertThat(entry.actorId()).isEqualTo("u-1");
      assertThat(entry.hosting()).isEqualTo(Hosting.EXTERNAL);
      assertThat(entry.usage()).isEqualTo(USAGE);
      assertThat(entry.outcome()).isEqualTo("success");
      BudgetStatus status = store.status(budget, time.instant());
      assertThat(status.spent()).isEqualTo(USAGE_COST);
      assertThat(status.reserved()).isEqualTo(Money.zero("USD"));
    }
  }

  @Test
  void describe_showsTheBudgetStageBeforeTheModel() {
    Budget budget = Budget.tenant("cardiology").daily(Money.of("USD", "10")).build();
    try (ClinicalModelClient client = client(PricedBackend.anthropic(USAGE), CostTracking.builder().budget(budget))) {
      String d = client.describe();

      assertThat(d).containsPattern("budget +built-in  1 budget, store in memory");
      assertThat(d.indexOf("budget ")).isGreaterThan(d.indexOf("prompt ")).isLessThan(d.indexOf("model "));
    }
  }

  @Test
  void call_withoutCostTracking_hasNoCost() {
    try (ClinicalModelClient client = ClinicalModelClient.builder().backend(PricedBackend.anthropic(USAGE)).build()) {
      assertThat(client.call(request(100)).metadata().cost()).isNull();
    }
  }

  @Test
  void call_unknownModel_rejectedBeforeAnyModelCall() {
    PricedBackend backend = new PricedBackend("openai", "openai", Hosting.EXTERNAL, "gpt-9-preview", USAGE, "");
    try (ClinicalModelClient client = client(backend, CostTracking.builder())) {

      ClinicalResult result = client.call(request(100));

      assertThat(result).isInstanceOf(ClinicalResult.Rejected.class);
      ClinicalResult.Rejected r = (ClinicalResult.Rejected) result;
      assertThat(r.field()).isEqualTo("parameters.model");
      assertThat(r.reason()).contains("'gpt-9-preview'").contains("allowUnpricedModels");
      assertThat(backend.calls).isEmpty();
      assertThat(ledger.entries()).isEmpty();
    }
  }

  @Test
  void call_unknownModel_allowed_goesAheadWithUnknownCost() {
    PricedBackend backend = new PricedBackend("openai", "openai", Hosting.EXTERNAL, "gpt-9-preview", USAGE, "");
    Budget budget = Budget.tenant("cardiology").daily(Money.of("USD", "10")).build();
    try (ClinicalModelClient client = client(backend, CostTracking.builder().budget(budget).allowUnpricedModels(true))) {

      ClinicalResult result = client.call(request(100));

      assertThat(result.isSuccess()).isTrue();
      assertThat(result.metadata().cost()).isNull();
      assertThat(ledger.entries().get(0).cost()).isNull();
      assertThat(store.status(budget, time.instant()).spent()).isEqualTo(Money.zero("USD"));
    }
  }

  @Test
  void call_localBackend_costIsBusyTimeAtTheHourlyPrice() {
    PricedBackend gpu = PricedBackend.local("gpu-tower-3");
    gpu.busy = Duration.ofMillis(60);
    Money perHour = Money.of("USD", "3.60"); // 1 µ$ per millisecond
    try (ClinicalModelClient client = client(gpu, CostTracking.builder().localComputePrice("gpu-tower-3", perHour))) {

      ClinicalResult result = client.call(request(100));

      LedgerEntry entry = ledger.entries().get(0);
      assertThat(entry.hosting()).isEqualTo(Hosting.LOCAL);
      assertThat(entry.busyMicros()).isGreaterThanOrEqualTo(60_000);
      long fromMicros = entry.busyMicros() / 1000; // µ$ at 1 µ$ per ms
      assertThat(result.metadata().cost().micros()).isBetween(fromMicros, fromMicros + 1);
      assertThat(entry.cost()).isEqualTo(result.metadata().cost());
    }
  }

  @Test
  void call_localBackendWithoutAPrice_rejectedNamingTheSetting() {
    try (ClinicalModelClient client = client(PricedBackend.local("gpu-tower-3"), CostTracking.builder())) {

      ClinicalResult result = client.call(request(100));

      assertThat(((ClinicalResult.Rejected) result).reason()).contains("localComputePrice(\"gpu-tower-3\"");
    }
  }

  /* --- budgets --- */

  @Test
  void call_hardBudgetDoesNotFit_budgetExceededBeforeTheModel_withBudgetSpendAndReservation() {
    PricedBackend backend = PricedBackend.anthropic(USAGE);
    Money limit = worstCase(1000).plus(worstCase(1000)).minus(Money.ofMicros("USD", 1));
    Budget budget = Budget.tenant("cardiology").daily(limit).build();
    List<BudgetOverrun> refused = new CopyOnWriteArrayList<>();
    BudgetListener listener = new BudgetListener() {
      @Override
      public void hardBudgetRefused(UUID callId, BudgetOverrun overrun) {
        refused.add(overrun);
      }
    };
    try (ClinicalModelClient client = client(backend, CostTracking.builder().budget(budget).listener(listener))) {
      assertThat(client.call(request(1000)).isSuccess()).isTrue();
      assertThat(client.call(request(1000)).isSuccess()).isTrue(); // spend is the real cost, not the worst case
      Money spent = USAGE_COST.plus(USAGE_COST);
      int before = backend.calls.size();
      Money wanted = worstCase(100_000);

      ClinicalResult result = client.call(request(100_000));

      assertThat(result).isInstanceOf(ClinicalResult.BudgetExceeded.class);
      ClinicalResult.BudgetExceeded e = (ClinicalResult.BudgetExceeded) result;
      assertThat(e.budget()).isEqualTo(budget);
      assertThat(e.spent()).isEqualTo(spent);
      assertThat(e.reservation()).isEqualTo(wanted);
      assertThat(e.outcome()).isEqualTo("budget_exceeded");
      assertThat(e.metadata().attempts()).isZero();
      assertThat(backend.calls).hasSize(before);
      assertThat(refused).hasSize(1);
      assertThat(store.status(budget, time.instant()).reserved()).isEqualTo(Money.zero("USD"));
    }
  }

  @Test
  void call_localBackendWithADeadlineTooFarForNanoseconds_reservesTheSaturatedWorstCaseAndIsRefusedTyped() {
    PricedBackend gpu = PricedBackend.local("gpu-tower-3");
    Money perHour = Money.of("USD", "3.60");
    Budget budget = Budget.tenant("cardiology").daily(Money.of("USD", "10")).build();
    try (ClinicalModelClient client = client(gpu, CostTracking.builder().localComputePrice("gpu-tower-3", perHour).budget(budget))) {
      // 1000 years do not fit a long of nanoseconds: the worst case is Long.MAX_VALUE ns of GPU time.
      ClinicalResult result = client.call(request(100).toBuilder().timeout(Duration.ofDays(365L * 1000)).build());

      assertThat(result).isInstanceOf(ClinicalResult.BudgetExceeded.class);
      assertThat(((ClinicalResult.BudgetExceeded) result).reservation())
          .isEqualTo(Money.ofMicros("USD", Long.MAX_VALUE / 1_000_000 + 1)); // 1 µ$ per ms, rounded up
      assertThat(gpu.calls).isEmpty();
    }
  }

  @Test
  void call_softBudgetOver_warnsAndProceeds() {
    PricedBackend backend = PricedBackend.anthropic(USAGE);
    Budget soft = Budget.tenant("cardiology").actor("u-1").daily(Money.of("USD", "0.001")).soft().build();
    List<BudgetOverrun> warned = new CopyOnWriteArrayList<>();
    BudgetListener listener = new BudgetListener() {
      @Override
      public void softBudgetExceeded(UUID callId, BudgetOverrun overrun) {
        warned.add(overrun);
      }
    };
    try (ClinicalModelClient client = client(backend, CostTracking.builder().budget(soft).listener(listener))) {

      ClinicalResult result = client.call(request(100));

      assertThat(result.isSuccess()).isTrue();
      assertThat(warned).hasSize(1);
      assertThat(warned.get(0).budget()).isEqualTo(soft);
      assertThat(warned.get(0).requested()).isEqualTo(worstCase(100));
    }
  }

  @Test
  void storeThatCannotReserve_failsTheCallClosedBeforeTheModel() {
    PricedBackend backend = PricedBackend.anthropic(USAGE);
    BudgetStore down = new BudgetStore() {
      @Override
      public ReserveOutcome reserve(UUID id, Instant t, List<Budget> budgets, Money amount) {
        throw new BudgetStoreException("connection refused");
      }

      @Override
      public void settle(Reservation reservation, Money actual) {}

      @Override
      public BudgetStatus status(Budget budget, Instant at) {
        throw new BudgetStoreException("connection refused");
      }
    };
    Budget budget = Budget.tenant("cardiology").daily(Money.of("USD", "10")).build();
    try (ClinicalModelClient client = ClinicalModelClient.builder().backend(backend).clock(time)
        .costTracking(CostTracking.builder().budget(budget).budgetStore(down).ledger(ledger).build()).build()) {

      ClinicalResult result = client.call(request(100));

      assertThat(result).isInstanceOf(ClinicalResult.Unavailable.class);
      assertThat(((ClinicalResult.Unavailable) result).reason()).contains("budget store could not reserve");
      assertThat(backend.calls).isEmpty();
      assertThat(ledger.entries()).isEmpty();
    }
  }

  @Test
  void listenerThatThrows_doesNotChangeTheCall() {
    Budget soft = Budget.tenant("cardiology").daily(Money.of("USD", "0")).soft().build();
    BudgetListener broken = new BudgetListener() {
      @Override
      public void softBudgetExceeded(UUID callId, BudgetOverrun overrun) {
        throw new IllegalStateException("listener bug");
      }
    };
    try (ClinicalModelClient client = client(PricedBackend.anthropic(USAGE), CostTracking.builder().budget(soft).listener(broken))) {
      assertThat(client.call(request(100)).isSuccess()).isTrue();
    }
  }

  @Test
  void budgetOfAnotherTenantOrActor_doesNotApply() {
    Budget other = Budget.tenant("oncology").daily(Money.of("USD", "0")).build();
    Budget otherActor = Budget.tenant("cardiology").actor("u-2").daily(Money.of("USD", "0")).build();
    Budget otherPrompt = Budget.tenant("cardiology").prompt("discharge-summary").daily(Money.of("USD", "0")).build();
    try (ClinicalModelClient client = client(PricedBackend.anthropic(USAGE),
        CostTracking.builder().budget(other).budget(otherActor).budget(otherPrompt))) {
      assertThat(client.call(request(100)).isSuccess()).isTrue();
    }
  }

  @Test
  void budgetedCallWithoutMaxTokens_isCappedSoThatItsWorstCaseIsBounded() {
    PricedBackend backend = PricedBackend.anthropic(USAGE);
    Budget budget = Budget.tenant("cardiology").daily(Money.of("USD", "10")).build();
    try (ClinicalModelClient client = client(backend, CostTracking.builder().budget(budget).defaultMaxOutputTokens(777))) {
      client.call(ClinicalRequest.builder().caller(CALLER).user("Note: stable.").build());

      assertThat(backend.calls.get(0).parameters().maxTokens()).isEqualTo(777);
    }
  }

  @Test
  void periodRollOver_aBudgetSpentYesterdayAdmitsCallsToday() {
    PricedBackend backend = PricedBackend.anthropic(USAGE);
    Budget budget = Budget.tenant("cardiology").daily(worstCase(100)).build();
    try (ClinicalModelClient client = client(backend, CostTracking.builder().budget(budget))) {
      assertThat(client.call(request(100)).isSuccess()).isTrue();
      assertThat(client.call(request(100))).isInstanceOf(ClinicalResult.BudgetExceeded.class);

      time.advance(Duration.ofHours(16)); // 2026-11-27T00:00Z

      assertThat(client.call(request(100)).isSuccess()).isTrue();
      assertThat(ledger.entries()).hasSize(2);
      assertThat(ledger.entries().get(1).time()).isEqualTo(Instant.parse("2026-11-27T00:00:00Z"));
    }
  }

  @Test
  void call_stageAfterBudgetThrowsAfterTheModel_spendStillEqualsTheLedger() {
    PricedBackend gpu = PricedBackend.local("gpu-tower-3");
    gpu.busy = Duration.ofMillis(20);
    Budget budget = Budget.tenant("cardiology").daily(Money.of("USD", "10")).build();
    CostTracking cost = CostTracking.builder().budget(budget).localComputePrice("gpu-tower-3", Money.of("USD", "3.60"))
        .ledger(ledger).budgetStore(store).build();
    Stage throwsAfterTheModel = chain -> {
      chain.proceed(chain.context());
      throw new IllegalStateException("a user stage's bug");
    };
    try (ClinicalModelClient client = ClinicalModelClient.builder().backend(gpu).clock(time).sleeper(time)
        .costTracking(cost).addStage(StagePosition.BEFORE_MODEL, throwsAfterTheModel).build()) {

      assertThatThrownBy(() -> client.call(request(100))).isInstanceOf(IllegalStateException.class);
    }

    // the GPU time was spent and counts against the budget; the ledger must say so too
    BudgetStatus status = store.status(budget, time.instant());
    assertThat(status.spent().micros()).isPositive();
    assertThat(ledger.entries()).singleElement().satisfies(e -> {
      assertThat(e.outcome()).isEqualTo("error");
      assertThat(e.cost()).isEqualTo(status.spent());
      assertThat(e.busyMicros()).isGreaterThanOrEqualTo(20_000);
    });
  }

  /* --- concurrency --- */

  @Test
  void thousandConcurrentCalls_budgetFits600_admitAtMost600_spendEqualsTheLedgerToTheMicroUnit() throws Exception {
    PricedBackend backend = PricedBackend.anthropic(USAGE);
    Money worst = worstCase(1000);
    Budget budget = Budget.tenant("cardiology").daily(Money.ofMicros("USD", 600 * worst.micros())).build();
    int n = 1000;
    backend.entered = new CountDownLatch(600);
    backend.release = new CountDownLatch(1);
    AtomicInteger refusedCount = new AtomicInteger();
    ConcurrentLinkedQueue<ClinicalResult> results = new ConcurrentLinkedQueue<>();
    try (ClinicalModelClient client = client(backend, CostTracking.builder().budget(budget))) {
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Thread t = new Thread(() -> {
          try {
            start.await();
          } catch (InterruptedException e) {
            return;
          }
          ClinicalResult r = client.call(request(1000));
          if (r instanceof ClinicalResult.BudgetExceeded) {
            refusedCount.incrementAndGet();
          }
          results.add(r);
        });
        t.start();
        threads.add(t);
      }
      start.countDown();
      // Every admitted call holds its reservation inside the backend until all 1,000 have been decided.
      assertThat(backend.entered.await(60, TimeUnit.SECONDS)).isTrue();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (refusedCount.get() < n - 600 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(refusedCount.get()).isEqualTo(n - 600);
      assertThat(backend.calls).hasSize(600);
      backend.release.countDown();
      for (Thread t : threads) {
        t.join(60_000);
      }
    }
    assertThat(results).hasSize(n);
    assertThat(results.stream().filter(ClinicalResult::isSuccess).count()).isEqualTo(600);
    BudgetStatus status = store.status(budget, time.instant());
    assertThat(status.reserved()).isEqualTo(Money.zero("USD"));
    Money ledgerSum = ledger.total("USD");
    assertThat(status.spent()).isEqualTo(ledgerSum);
    assertThat(ledgerSum).isEqualTo(Money.ofMicros("USD", 600 * USAGE_COST.micros()));
  }

  /* --- audit --- */

  @Test
  void auditRecord_carriesTheCostAndTheRefusal() {
    List<AuditRecord> records = new CopyOnWriteArrayList<>();
    AuditSink sink = recordingSink(records);
    Budget budget = Budget.tenant("cardiology").daily(worstCase(100)).build();
    try (ClinicalModelClient client = ClinicalModelClient.builder().backend(PricedBackend.anthropic(USAGE)).clock(time)
        .auditSink(sink).costTracking(CostTracking.builder().budget(budget).ledger(ledger).build()).build()) {
      client.call(request(100));
      client.call(request(100));
    }

    assertThat(records.get(0).cost()).isEqualTo(USAGE_COST.toString()).isEqualTo("USD 0.012207");
    assertThat(records.get(1).outcome()).isEqualTo("budget_exceeded");
    assertThat(records.get(1).outcomeDetail()).isEqualTo(budget.key());
    assertThat(records.get(1).outcomeReason()).contains("spent USD 0.012207");
    assertThat(records.get(1).cost()).isEqualTo("USD 0.000000");
  }

  @Test
  void callEndedBeforeTheBudgetStage_costsZero_inResultAndAuditRecord_notUnknown() {
    List<AuditRecord> records = new CopyOnWriteArrayList<>();
    AuditSink sink = recordingSink(records);
    // a stage before the prompt (as the policy and kill-switch stages do) ends the call: no model is called
    Stage refuses = chain -> new ClinicalResult.Rejected(chain.context().metadata(), "not today", "user");
    try (ClinicalModelClient audited = ClinicalModelClient.builder().backend(PricedBackend.anthropic(USAGE)).clock(time)
            .auditSink(sink).costTracking(CostTracking.builder().ledger(ledger).build())
            .addStage(StagePosition.BEFORE_PROMPT, refuses).build();
        ClinicalModelClient unaudited = ClinicalModelClient.builder().backend(PricedBackend.anthropic(USAGE))
            .clock(time).costTracking(CostTracking.builder().ledger(ledger).build())
            .addStage(StagePosition.BEFORE_PROMPT, refuses).build()) {

      ClinicalResult result = audited.call(request(100));
      ClinicalResult other = unaudited.call(request(100));

      // CallMetadata.cost: null only without cost tracking or for a model without a price
      assertThat(result.metadata().cost()).isEqualTo(Money.zero("USD"));
      assertThat(other.metadata().cost()).isEqualTo(Money.zero("USD"));
    }
    assertThat(records).singleElement().extracting(AuditRecord::cost).isEqualTo("USD 0.000000");
  }

  /** An audit sink that keeps the records in {@code records}. */
  private static AuditSink recordingSink(List<AuditRecord> records) {
    return new AuditSink() {
      @Override
      public AuditRecord append(AuditRecord record) {
        records.add(record);
        return record;
      }

      @Override
      public boolean ready() {
        return true;
      }

      @Override
      public String describe() {
        return "recording";
      }

      @Override
      public void close() {}
    };
  }
}
