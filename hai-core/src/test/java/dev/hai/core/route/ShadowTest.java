package dev.hai.core.route;

import static dev.hai.core.route.RouteFixtures.PATIENT_KEY;
import static dev.hai.core.route.RouteFixtures.RESOLVER;
import static dev.hai.core.route.RouteFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalResult;
import dev.hai.core.audit.AuditLogReader;
import dev.hai.core.audit.AuditRecord;
import dev.hai.core.audit.FileAuditSink;
import dev.hai.core.cost.Budget;
import dev.hai.core.cost.Money;
import dev.hai.core.policy.PolicyDecision;
import dev.hai.core.route.RouteFixtures.Backend;
import dev.hai.core.spi.Hosting;
import dev.hai.core.spi.ModelCall;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shadows: never delay, change or fail the primary; bounded; audited; obligations obeyed. */
class ShadowTest {
  @TempDir Path dir;

  private final Backend champion = new Backend("cloud", "Stable. No acute findings.");
  private final CountDownLatch release = new CountDownLatch(1);
  private FileAuditSink sink;
  private RouteTable table;

  @AfterEach
  void tearDown() {
    release.countDown();
    if (table != null) {
      table.close();
    }
    if (sink != null) {
      sink.close();
    }
  }

  private ClinicalModelClient client(Backend shadowBackend, Function<RouteTable.Builder, RouteTable.Builder> more) {
    return client(shadowBackend, Arm.builder("shadow-1").backend(shadowBackend.info.name()).build(), more, null);
  }

  private ClinicalModelClient client(Backend shadowBackend, Arm shadow,
      Function<RouteTable.Builder, RouteTable.Builder> more, Map<String, Object> obligations) {
    sink = FileAuditSink.builder(dir.resolve("audit")).build();
    Route r = Route.builder("summary").champion(Arm.builder("claude").backend("cloud").build()).shadow(shadow).build();
    table = more.apply(RouteTable.builder().route(r).auditSink(sink)
        .shadowStore(JsonlShadowStore.open(dir.resolve("shadows.jsonl")))).build();
    ClinicalModelClient.Builder b = ClinicalModelClient.builder().backend(champion).backend(shadowBackend)
        .promptResolver(RESOLVER).routes(table).auditSink(sink).auditPatientKey(PATIENT_KEY);
    if (obligations != null) {
      b.policyEngine(input -> PolicyDecision.fromDocument(Map.of("allow", true, "obligations", obligations), "d-1", null));
    }
    return b.build();
  }

  private static void await(BooleanSupplier done) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("not done within 10 s");
      }
      Thread.sleep(5);
    }
  }

  private List<ShadowResult> stored() {
    return table.shadowStore().orElseThrow().read(null);
  }

  private List<AuditRecord> shadowEvents() {
    return AuditLogReader.readAll(dir.resolve("audit")).stream()
        .filter(r -> r.isEvent() && r.event().kind().equals("route.shadow")).toList();
  }

  private static String sha256(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  /* --- isolation --- */

  @Test
  void hangingShadow_primaryReturnsUnchangedBeforeIt_thenTimesOutAndIsRecorded() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    Backend hanging = new Backend("gpu", Hosting.LOCAL, call -> {
      started.countDown();
      try {
        release.await(); // ignores the timeout; the watchdog interrupts it
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "too late";
    });
    ClinicalModelClient c = client(hanging, b -> b.shadowTimeout(Duration.ofSeconds(1)));

    ClinicalResult r = c.call(request("MRN-1"));

    assertThat(r).isInstanceOf(ClinicalResult.Success.class);
    assertThat(((ClinicalResult.Success) r).text()).isEqualTo("Stable. No acute findings.");
    assertThat(r.metadata().backend()).isEqualTo("cloud");
    assertThat(table.shadowStats().finished()).isZero(); // the primary did not wait for it
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    await(() -> table.shadowStats().timedOut() == 1 && stored().size() == 1);
    ShadowResult s = stored().get(0);
    assertThat(s.outcome()).isEqualTo(ShadowOutcome.TIMEOUT);
    assertThat(s.primaryCallId()).isEqualTo(r.metadata().callId());
    assertThat(s.text()).isNull();
    await(() -> shadowEvents().size() == 1);
    assertThat(shadowEvents().get(0).event().to()).isEqualTo("timeout");
  }

  @Test
  void slowShadow_primaryAnswersAsWithoutShadow_andFirst() throws Exception {
    // The primary takes 10 ms, the shadow 100 times as long.
    champion.answer = call -> {
      sleep(10);
      return "Stable. No acute findings.";
    };
    Backend slow = new Backend("gpu", Hosting.LOCAL, call -> {
      sleep(1_000);
      return "Stable, no acute findings.";
    });
    ClinicalModelClient c = client(slow, b -> b);
    ClinicalModelClient without = ClinicalModelClient.builder().backend(champion).promptResolver(RESOLVER).build();

    ClinicalResult shadowed = c.call(request("MRN-1"));
    ClinicalResult plain = without.call(request("MRN-1"));

    assertThat(((ClinicalResult.Success) shadowed).text()).isEqualTo(((ClinicalResult.Success) plain).text());
    assertThat(shadowed.metadata().usage()).isEqualTo(plain.metadata().usage());
    assertThat(stored()).isEmpty(); // the shadow was still running when the primary returned
    await(() -> stored().size() == 1);
    assertThat(stored().get(0).outcome()).isEqualTo(ShadowOutcome.SUCCESS);
    assertThat(stored().get(0).scores().get("edit_distance")).isGreaterThan(0.0);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void throwingShadow_primaryUnchanged_failureRecorded() throws Exception {
    Backend broken = new Backend("gpu", Hosting.LOCAL, call -> {
      throw new IllegalStateException("boom for Jane Doe");
    });
    ClinicalModelClient c = client(broken, b -> b);

    ClinicalResult r = c.call(request("MRN-1"));

    assertThat(((ClinicalResult.Success) r).text()).isEqualTo("Stable. No acute findings.");
    await(() -> stored().size() == 1);
    assertThat(stored().get(0).outcome()).isEqualTo(ShadowOutcome.FAILED);
    assertThat(stored().get(0).detail()).startsWith("UNAVAILABLE").doesNotContain("Jane");
  }

  @Test
  void shadowSuccess_scoredAuditedAndStored() throws Exception {
    Backend gpu = new Backend("gpu", "Stable. No acute findings!");
    ClinicalModelClient c = client(gpu, b -> b);

    ClinicalResult r = c.call(request("MRN-1"));

    await(() -> stored().size() == 1 && shadowEvents().size() == 1);
    ShadowResult s = stored().get(0);
    assertThat(s.outcome()).isEqualTo(ShadowOutcome.SUCCESS);
    assertThat(s.text()).isEqualTo("Stable. No acute findings!");
    assertThat(s.scores()).containsEntry("exact", 0.0).containsEntry("edit_distance", 1.0 / 26);
    assertThat(s.route()).isEqualTo("summary");
    assertThat(s.arm()).isEqualTo("shadow-1");
    assertThat(s.backend()).isEqualTo("gpu");
    // The shadow repeated the primary's rendered prompt.
    assertThat(gpu.calls.get(0).messages()).isEqualTo(champion.calls.get(0).messages());

    AuditRecord primary = AuditLogReader.readAll(dir.resolve("audit")).stream()
        .filter(a -> a.callId().equals(r.metadata().callId())).findFirst().orElseThrow();
    AuditRecord event = shadowEvents().get(0);
    assertThat(event.outcome()).isEqualTo("event");
    assertThat(event.route().role()).isEqualTo("shadow");
    assertThat(event.route().primaryCallId()).isEqualTo(r.metadata().callId());
    assertThat(event.callId()).isEqualTo(s.shadowId());
    assertThat(event.backend()).isEqualTo("gpu");
    assertThat(event.outputSha256()).isEqualTo(sha256("Stable. No acute findings!")).isEqualTo(s.outputSha256());
    assertThat(event.patientRef()).isNotNull().isEqualTo(primary.patientRef());
    assertThat(event.event().subject()).isEqualTo("summary/shadow-1");
    assertThat(event.event().to()).isEqualTo("success");
    assertThat(event.inputSha256()).isNotNull();
    assertThat(primary.route().role()).isEqualTo("champion");
    // Both in one verifiable chain.
    assertThat(dev.hai.core.audit.AuditVerifier.verify(dir.resolve("audit"), java.util.Optional.empty()).ok()).isTrue();
  }

  @Test
  void shadowCall_lowestPriorityAndPrimarysTenant_soAGpuSchedulerServesClinicalTrafficFirst() throws Exception {
    // A scheduler of local compute orders by ModelCall.priority() and shares by tenant: the shadow
    // must come after every clinical class (even ADMINISTRATIVE) and be billed to the primary's tenant.
    Backend gpu = new Backend("gpu", Hosting.LOCAL, call -> "Stable.");
    ClinicalModelClient c = client(gpu, b -> b);

    c.call(request("MRN-1").toBuilder().priority(dev.hai.core.ClinicalPriority.EMERGENCY).build());

    await(() -> gpu.calls.size() == 1 && stored().size() == 1);
    ModelCall primaryCall = champion.calls.get(0);
    ModelCall shadowCall = gpu.calls.get(0);
    assertThat(primaryCall.priority()).isEqualTo(dev.hai.core.ClinicalPriority.EMERGENCY);
    assertThat(shadowCall.priority()).isEqualTo(dev.hai.core.ClinicalPriority.SHADOW);
    assertThat(shadowCall.priority().level()).isEqualTo(dev.hai.core.ClinicalPriority.MIN_LEVEL)
        .isLessThan(dev.hai.core.ClinicalPriority.ADMINISTRATIVE.level());
    assertThat(shadowCall.tenant()).isEqualTo(RouteFixtures.CALLER.tenant()).isEqualTo(primaryCall.tenant());
    assertThat(stored().get(0).outcome()).isEqualTo(ShadowOutcome.SUCCESS);
  }

  @Test
  void deniedPrimary_noShadow_nothingSent() throws Exception {
    Backend gpu = new Backend("gpu", "x");
    sink = FileAuditSink.builder(dir.resolve("audit")).build();
    Route r = Route.builder("summary").champion(Arm.builder("claude").backend("cloud").build())
        .shadow(Arm.builder("s").backend(gpu).build()).build();
    table = RouteTable.builder().route(r).auditSink(sink).build();
    ClinicalModelClient c = ClinicalModelClient.builder().backend(champion).promptResolver(RESOLVER).routes(table)
        .auditSink(sink).auditPatientKey(PATIENT_KEY).policyEngine(input -> PolicyDecision.fromDocument(
            Map.of("allow", false, "reasons", List.of("no consent")), "d-1", null))
        .build();

    assertThat(c.call(request("MRN-1"))).isInstanceOf(ClinicalResult.Denied.class);
    table.close(); // waits for any shadow that was taken
    assertThat(table.shadowStats().submitted()).isZero();
    assertThat(gpu.calls).isEmpty();
    assertThat(champion.calls).isEmpty();
    assertThat(shadowEvents()).isEmpty();
  }

  /** As the shipped Rego policy: allowed_models are the backends in input.models that are local. */
  private static dev.hai.core.spi.PolicyEngine localOnly(List<dev.hai.core.policy.PolicyInput> seen) {
    return input -> {
      seen.add(input);
      List<String> local = input.models().stream().filter(m -> m.hosting() == Hosting.LOCAL)
          .map(m -> m.backend()).toList();
      return PolicyDecision.fromDocument(Map.of("allow", true, "obligations", Map.of("allowed_models", local)),
          "d-1", null);
    };
  }

  @Test
  void shadowOnItsOwnBackend_isInThePolicyInput_andJudgedByIt() throws Exception {
    Backend ownLocal = new Backend("own-gpu", Hosting.LOCAL, call -> "Stable.");
    Backend ownCloud = new Backend("own-cloud", Hosting.EXTERNAL, call -> "Stable.");
    Backend local = new Backend("cloud", Hosting.LOCAL, call -> "Stable."); // the client's own backend
    List<dev.hai.core.policy.PolicyInput> seen = new CopyOnWriteArrayList<>();
    sink = FileAuditSink.builder(dir.resolve("audit")).build();
    Route r = Route.builder("summary").champion(Arm.builder("claude").backend("cloud").build())
        .shadow(Arm.builder("s-local").backend(ownLocal).model("llama-8b").build())
        .shadow(Arm.builder("s-cloud").backend(ownCloud).build()).build();
    table = RouteTable.builder().route(r).auditSink(sink)
        .shadowStore(JsonlShadowStore.open(dir.resolve("shadows.jsonl"))).build();
    ClinicalModelClient c = ClinicalModelClient.builder().backend(local).promptResolver(RESOLVER).routes(table)
        .auditSink(sink).auditPatientKey(PATIENT_KEY).policyEngine(localOnly(seen)).build();

    assertThat(c.call(request("MRN-1"))).isInstanceOf(ClinicalResult.Success.class);

    await(() -> stored().size() == 2);
    assertThat(seen.get(0).models()).extracting(m -> m.backend() + "/" + m.id() + "/" + m.hosting())
        .containsExactly("cloud/cloud-model/LOCAL", "own-gpu/llama-8b/LOCAL", "own-cloud/own-cloud-model/EXTERNAL");
    assertThat(seen.get(0).model().backend()).isEqualTo("cloud");
    Map<String, ShadowOutcome> outcomes = new java.util.TreeMap<>();
    stored().forEach(s -> outcomes.put(s.arm(), s.outcome()));
    assertThat(outcomes).containsEntry("s-local", ShadowOutcome.SUCCESS).containsEntry("s-cloud", ShadowOutcome.NOT_ALLOWED);
    assertThat(ownLocal.calls).hasSize(1);
    assertThat(ownCloud.calls).isEmpty();
  }

  @Test
  void failedPrimary_noShadow() throws Exception {
    Backend gpu = new Backend("gpu", "x");
    champion.answer = call -> {
      throw dev.hai.core.spi.BackendException.builder(dev.hai.core.spi.FailureKind.INVALID_REQUEST, "bad").build();
    };
    Route r = Route.builder("summary").champion(Arm.builder("claude").backend("cloud").build())
        .shadow(Arm.builder("s").backend(gpu).build()).build(); // its own backend: no fallback to it
    table = RouteTable.builder().route(r).build();
    ClinicalModelClient c = ClinicalModelClient.builder().backend(champion).promptResolver(RESOLVER).routes(table)
        .build();
    assertThat(c.call(request("MRN-1"))).isInstanceOf(ClinicalResult.Unavailable.class);
    Thread.sleep(50);
    assertThat(table.shadowStats().submitted()).isZero();
    assertThat(gpu.calls).isEmpty();
  }

  /* --- bounded pool --- */

  @Test
  void saturatedPool_dropsCountsAndTells() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    Backend blocking = new Backend("gpu", Hosting.LOCAL, call -> {
      started.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "late";
    });
    List<UUID> droppedFor = new CopyOnWriteArrayList<>();
    ClinicalModelClient c = client(blocking, b -> b.shadowPool(1, 0).listener(new ShadowListener() {
      @Override
      public void dropped(String route, String arm, UUID primaryCallId) {
        droppedFor.add(primaryCallId);
      }
    }));

    c.call(request("MRN-0"));
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 1; i <= 5; i++) {
      ClinicalResult r = c.call(request("MRN-" + i));
      assertThat(r).isInstanceOf(ClinicalResult.Success.class);
    }

    ShadowStats stats = table.shadowStats();
    assertThat(stats.submitted()).isEqualTo(1);
    assertThat(stats.dropped()).isEqualTo(5);
    assertThat(droppedFor).hasSize(5);
    assertThat(blocking.calls).hasSize(1);
    assertThat(c.describe()).contains("dropped so far 5");
  }

  /* --- obligations, budget --- */

  @Test
  void shadowNotInAllowedModels_notSent() throws Exception {
    Backend gpu = new Backend("gpu", "x");
    ClinicalModelClient c = client(gpu, Arm.builder("shadow-1").backend("gpu").build(), b -> b,
        Map.of("allowed_models", List.of("cloud")));

    assertThat(c.call(request("MRN-1"))).isInstanceOf(ClinicalResult.Success.class);

    await(() -> stored().size() == 1);
    assertThat(stored().get(0).outcome()).isEqualTo(ShadowOutcome.NOT_ALLOWED);
    assertThat(stored().get(0).detail()).isEqualTo("POLICY_ALLOWED_MODELS");
    assertThat(gpu.calls).isEmpty();
    await(() -> shadowEvents().size() == 1);
    assertThat(shadowEvents().get(0).inputSha256()).isNull(); // nothing was sent
  }

  @Test
  void externalShadowUnderRedactPhi_getsMaskedMessages() throws Exception {
    Backend cloud2 = new Backend("openai", Hosting.EXTERNAL, call -> "ok");
    ClinicalModelClient c = client(cloud2, Arm.builder("shadow-1").backend("openai").build(), b -> b,
        Map.of("redact_phi", true));

    c.call(request("MRN-1"));

    await(() -> cloud2.calls.size() == 1);
    ModelCall sent = cloud2.calls.get(0);
    assertThat(sent.messages().get(0).content()).doesNotContain("555-123-4567");
    assertThat(champion.calls.get(0).messages().get(0).content()).contains("555-123-4567"); // local: as written
  }

  @Test
  void shadowOverBudget_notSent() throws Exception {
    Backend cloud2 = new Backend("anthropic2", Hosting.EXTERNAL, call -> "ok");
    ShadowBudget budget = ShadowBudget.builder(Budget.tenant("shadows").daily(Money.of("USD", "0.000001")).build())
        .build();
    ClinicalModelClient c = client(cloud2, Arm.builder("shadow-1").backend("anthropic2").model("claude-sonnet-4-5")
        .build(), b -> b.shadowBudget(budget), null);

    c.call(request("MRN-1"));

    await(() -> stored().size() == 1);
    assertThat(stored().get(0).outcome()).isEqualTo(ShadowOutcome.OVER_BUDGET);
    assertThat(stored().get(0).detail()).isEqualTo(budget.budget().key());
    assertThat(cloud2.calls).isEmpty();
  }

  @Test
  void shadowWithinBudget_costSettledAndRecorded() throws Exception {
    Backend cloud2 = new Backend("anthropic2", Hosting.EXTERNAL, call -> "ok");
    Budget daily = Budget.tenant("shadows").daily(Money.of("USD", "5")).build();
    ShadowBudget budget = ShadowBudget.builder(daily).build();
    ClinicalModelClient c = client(cloud2, Arm.builder("shadow-1").backend("anthropic2").model("claude-sonnet-4-5")
        .build(), b -> b.shadowBudget(budget), null);

    c.call(request("MRN-1"));

    await(() -> stored().size() == 1);
    ShadowResult s = stored().get(0);
    assertThat(s.outcome()).isEqualTo(ShadowOutcome.SUCCESS);
    Money expected = budget.prices().lookup("claude-sonnet-4-5", java.time.LocalDate.now(java.time.ZoneOffset.UTC))
        .cost(dev.hai.core.Usage.of(10, 4));
    assertThat(s.cost()).isEqualTo(expected);
    assertThat(budget.store().status(daily, java.time.Instant.now()).spent()).isEqualTo(expected);
    // Its worst case assumed the budget's output cap: the call must carry it (the primary set none).
    assertThat(champion.calls.get(0).parameters().maxTokens()).isNull();
    assertThat(cloud2.calls.get(0).parameters().maxTokens()).isEqualTo(budget.defaultMaxOutputTokens());
    // The audit trail read as a ledger shows the shadow's spend.
    await(() -> shadowEvents().size() == 1);
    List<dev.hai.core.cost.LedgerEntry> entries = new java.util.ArrayList<>();
    dev.hai.core.cost.LedgerSource.fromAuditLog(dir.resolve("audit"))
        .read(java.time.Instant.EPOCH, java.time.Instant.now().plusSeconds(60), entries::add);
    assertThat(entries).filteredOn(e -> e.outcome().equals("shadow:success")).singleElement()
        .satisfies(e -> assertThat(e.cost()).isEqualTo(expected));
  }

  /** A budget store whose reserve takes {@code delay} and does not answer interrupts (a slow database). */
  private static dev.hai.core.cost.BudgetStore slowReserve(CountDownLatch gate, long delayMillis) {
    dev.hai.core.cost.BudgetStore inner = dev.hai.core.cost.BudgetStore.inMemory();
    return new dev.hai.core.cost.BudgetStore() {
      @Override
      public dev.hai.core.cost.ReserveOutcome reserve(UUID id, java.time.Instant time, List<Budget> budgets,
          Money amount) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis);
        boolean interrupted = false;
        while (gate.getCount() > 0 && System.nanoTime() < until) {
          try {
            gate.await(5, TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
        return inner.reserve(id, time, budgets, amount);
      }

      @Override
      public void settle(dev.hai.core.cost.Reservation reservation, Money actual) {
        inner.settle(reservation, actual);
      }

      @Override
      public dev.hai.core.cost.BudgetStatus status(Budget budget, java.time.Instant at) {
        return inner.status(budget, at);
      }
    };
  }

  @Test
  void shadowTimedOutWhileReserving_isNotSent_andItsReservationIsReleased() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    Backend gpu = new Backend("gpu", "Stable.");
    Budget daily = Budget.tenant("shadows").daily(Money.of("USD", "5")).build();
    ShadowBudget budget = ShadowBudget.builder(daily).store(slowReserve(gate, 60_000))
        .localComputePrice("gpu", Money.of("USD", "4")).build();
    ClinicalModelClient c = client(gpu, b -> b.shadowBudget(budget).shadowTimeout(Duration.ofMillis(100)));

    c.call(request("MRN-1"));
    await(() -> stored().size() == 1); // the watchdog recorded the timeout while reserve still ran
    assertThat(stored().get(0).outcome()).isEqualTo(ShadowOutcome.TIMEOUT);
    gate.countDown(); // the store answers late: the worker now holds a reservation

    await(() -> budget.store().status(daily, java.time.Instant.now()).reserved().isZero());
    assertThat(gpu.calls).as("nothing is sent after the shadow's deadline").isEmpty();
    assertThat(stored()).hasSize(1);
  }

  @Test
  void shadowCall_timeoutIsWhatIsLeftOfTheShadowsDeadline() throws Exception {
    Backend gpu = new Backend("gpu", "Stable.");
    Budget daily = Budget.tenant("shadows").daily(Money.of("USD", "5")).build();
    ShadowBudget budget = ShadowBudget.builder(daily).store(slowReserve(new CountDownLatch(1), 300))
        .localComputePrice("gpu", Money.of("USD", "4")).build();
    ClinicalModelClient c = client(gpu, b -> b.shadowBudget(budget).shadowTimeout(Duration.ofSeconds(5)));

    c.call(request("MRN-1"));

    await(() -> stored().size() == 1);
    assertThat(stored().get(0).outcome()).isEqualTo(ShadowOutcome.SUCCESS);
    assertThat(gpu.calls.get(0).timeout()).isLessThanOrEqualTo(Duration.ofMillis(4_700));
  }

  @Test
  void localShadowUnderAScheduler_billedByItsGpuTime_notItsQueueWait() throws Exception {
    // A scheduled local backend: the shadow (lowest priority) waited 200 ms in the queue and ran 10 ms.
    Backend gpu = new Backend("gpu", Hosting.LOCAL, call -> {
      sleep(200);
      return "Stable.";
    });
    dev.hai.core.spi.ModelBackend scheduled = new dev.hai.core.spi.ModelBackend() {
      @Override
      public dev.hai.core.spi.BackendInfo info() {
        return gpu.info();
      }

      @Override
      public dev.hai.core.spi.ModelResponse generate(ModelCall call) {
        return gpu.generate(call).withScheduling(new dev.hai.core.spi.SchedulingInfo(call.priority(),
            dev.hai.core.spi.SchedulingInfo.Admission.ADMITTED, Duration.ofMillis(190), Duration.ofMillis(10)));
      }
    };
    Budget daily = Budget.tenant("shadows").daily(Money.of("USD", "100")).build(); // worst case: 30 s, USD 30
    ShadowBudget budget = ShadowBudget.builder(daily).localComputePrice("gpu", Money.of("USD", "3600")).build();
    ClinicalModelClient c = client(new Backend("spare", "x"), Arm.builder("shadow-1").backend(scheduled).build(),
        b -> b.shadowBudget(budget), null);

    c.call(request("MRN-1"));

    await(() -> stored().size() == 1);
    ShadowResult s = stored().get(0);
    assertThat(s.outcome()).isEqualTo(ShadowOutcome.SUCCESS);
    assertThat(s.latency()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    assertThat(s.cost()).isEqualTo(Money.of("USD", "0.01")); // 10 ms at USD 3,600 an hour
    assertThat(budget.store().status(daily, java.time.Instant.now()).spent()).isEqualTo(Money.of("USD", "0.01"));
  }
}
