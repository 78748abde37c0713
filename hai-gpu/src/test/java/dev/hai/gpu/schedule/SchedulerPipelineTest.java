package dev.hai.gpu.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hai.core.Caller;
import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalPriority;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.ClinicalResult;
import dev.hai.core.PurposeOfUse;
import dev.hai.core.RetryPolicy;
import dev.hai.core.audit.AuditLogReader;
import dev.hai.core.audit.AuditRecord;
import dev.hai.core.audit.AuditScheduling;
import dev.hai.core.audit.FileAuditSink;
import dev.hai.core.cost.CostTracking;
import dev.hai.core.cost.Money;
import dev.hai.core.policy.PolicyDecision;
import dev.hai.core.spi.FailureKind;
import dev.hai.core.spi.Hosting;
import dev.hai.core.spi.PolicyEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the client: the request's priority reaches the scheduler and the audit record; a
 * saturated GPU diverts to the cloud fallback, or fails typed at once where the policy allows only
 * local models.
 */
class SchedulerPipelineTest {
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final List<SchedulerEvent> events = new CopyOnWriteArrayList<>();
  private final GateBackend gpu = new GateBackend("gpu");
  private final GateBackend cloud = new GateBackend("cloud-fake");

  @TempDir
  Path dir;

  @AfterEach
  void tearDown() {
    gpu.open();
    pool.shutdownNow();
  }

  private static ClinicalRequest request(ClinicalPriority priority) {
    return ClinicalRequest.builder()
        .caller(Caller.of("u-7", "triage-nurse", "emergency-dept", PurposeOfUse.EMERGENCY_TREATMENT))
        .user("Triage: chest pain, 54 years.")
        .priority(priority)
        .timeout(Duration.ofSeconds(5))
        .build();
  }

  private static PolicyEngine onlyLocal() {
    return input -> PolicyDecision.fromDocument(Map.of("allow", true, "reasons", List.of(),
        "obligations", Map.of("allowed_models", List.of("gpu"))), "d-1", null);
  }

  @Test
  void call_priority_reachesSchedulerAndAuditRecord_andIsBilledByGpuTime() throws Exception {
    gpu.open();
    try (FileAuditSink sink = FileAuditSink.builder(dir).build();
        ClinicalModelClient client = ClinicalModelClient.builder()
            .backend(GpuScheduler.builder(gpu).listener(events::add).build())
            .auditSink(sink)
            .costTracking(CostTracking.builder().localComputePrice("gpu", Money.of("USD", "3600000")).build())
            .build()) {

      ClinicalResult result = client.call(request(ClinicalPriority.CRITICAL_CARE));

      assertThat(result.isSuccess()).isTrue();
      assertThat(result.metadata().cost()).isNotNull();
    }
    AuditRecord record = AuditLogReader.readAll(dir).get(0);
    assertThat(record.scheduling()).isEqualTo(new AuditScheduling("CRITICAL_CARE", 90, 0, "admitted"));
    assertThat(events).first().isInstanceOfSatisfying(SchedulerEvent.Admitted.class, a -> {
      assertThat(a.priority()).isEqualTo(ClinicalPriority.CRITICAL_CARE);
      assertThat(a.tenant()).isEqualTo("emergency-dept");
    });
    // At USD 3,600,000 per GPU-hour a nanosecond costs one micro-dollar: the cost is the GPU time the
    // scheduler measured (the Completed event carries the same figure), not the call's wall time.
    SchedulerEvent.Completed done = (SchedulerEvent.Completed) events.get(1);
    assertThat(done.gpuTime()).isPositive();
    assertThat(Money.parse(record.cost()).micros()).isEqualTo(done.gpuTime().toNanos());
  }

  @Test
  void call_gpuSaturated_divertsToTheCloudFallback() throws Exception {
    cloud.open();
    GpuScheduler scheduler = GpuScheduler.builder(gpu).capacity(1).initialServiceTime(Duration.ofSeconds(10))
        .listener(events::add).build();
    try (FileAuditSink sink = FileAuditSink.builder(dir).build();
        ClinicalModelClient client = ClinicalModelClient.builder()
            .backend(scheduler)
            .backend(new HostedAs(cloud, Hosting.EXTERNAL))
            .auditSink(sink)
            .build()) {
      Future<ClinicalResult> busy = pool.submit(() -> client.call(request(ClinicalPriority.DOCUMENTATION)));
      gpu.awaitCalls(1);

      ClinicalResult result = client.call(request(ClinicalPriority.EMERGENCY));

      assertThat(result.isSuccess()).isTrue();
      assertThat(result.metadata().backend()).isEqualTo("cloud-fake");
      assertThat(result.metadata().attempts()).isEqualTo(2); // one refusal, one answer: no retry at the GPU
      gpu.release(1);
      assertThat(busy.get(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    }
    assertThat(AuditLogReader.readAll(dir)).anySatisfy(r -> {
      assertThat(r.backend()).isEqualTo("cloud-fake");
      assertThat(r.scheduling()).isEqualTo(new AuditScheduling("EMERGENCY", 100, 0, "diverted"));
    });
    assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(SchedulerEvent.Refused.class));
    assertThat(events).anySatisfy(e -> assertThat(e).isEqualTo(
        new SchedulerEvent.Diverted("gpu", ClinicalPriority.EMERGENCY, "emergency-dept", "cloud-fake")));
  }

  @Test
  void call_gpuSaturated_policyAllowsOnlyLocal_unavailableWithCapacityAtOnce() throws Exception {
    cloud.open();
    GpuScheduler scheduler = GpuScheduler.builder(gpu).capacity(1).initialServiceTime(Duration.ofSeconds(10)).build();
    try (ClinicalModelClient client = ClinicalModelClient.builder()
        .backend(scheduler, RetryPolicy.defaults())
        .backend(new HostedAs(cloud, Hosting.EXTERNAL))
        .policyEngine(onlyLocal())
        .build()) {
      Future<ClinicalResult> busy = pool.submit(() -> client.call(request(ClinicalPriority.DOCUMENTATION)));
      gpu.awaitCalls(1);

      ClinicalResult result = client.call(request(ClinicalPriority.EMERGENCY));

      assertThat(result).isInstanceOfSatisfying(ClinicalResult.Unavailable.class, u -> {
        assertThat(u.kind()).isEqualTo(FailureKind.CAPACITY);
        assertThat(u.metadata().attempts()).isEqualTo(1);
      });
      assertThat(cloud.calls).isEmpty();
      gpu.release(1);
      busy.get(10, TimeUnit.SECONDS);
    }
  }

  /** A backend with another hosting, to stand the gate in for a cloud provider. */
  private record HostedAs(GateBackend backend, Hosting hosting) implements dev.hai.core.spi.ModelBackend {
    @Override
    public dev.hai.core.spi.BackendInfo info() {
      dev.hai.core.spi.BackendInfo i = backend.info();
      return new dev.hai.core.spi.BackendInfo(i.name(), i.provider(), hosting, i.defaultModel());
    }

    @Override
    public dev.hai.core.spi.ModelResponse generate(dev.hai.core.spi.ModelCall call) {
      return backend.generate(call);
    }
  }

  private static dev.hai.core.spi.ModelCall direct(ClinicalPriority priority, String tenant) {
    return new dev.hai.core.spi.ModelCall(java.util.UUID.randomUUID(), 1, "gpu-model",
        List.of(dev.hai.core.ChatMessage.user("Billing summary.")), dev.hai.core.GenerationParameters.none(),
        Duration.ofSeconds(10), null, priority, tenant);
  }

  private static void awaitQueued(GpuScheduler scheduler, int n) throws InterruptedException {
    for (int i = 0; i < 1000 && scheduler.snapshot().queued() < n; i++) {
      Thread.sleep(10);
    }
    assertThat(scheduler.snapshot().queued()).isEqualTo(n);
  }

  @Test
  void routeShadow_waitsBehindClinicalCallsAtTheGpu_andCarriesThePrimarysTenant() throws Exception {
    cloud.open();
    GpuScheduler scheduler = GpuScheduler.builder(gpu).capacity(1).listener(events::add).build();
    dev.hai.core.route.Route route = dev.hai.core.route.Route.builder("triage")
        .champion(dev.hai.core.route.Arm.builder("cloud").backend("cloud-fake").build())
        .shadow(dev.hai.core.route.Arm.builder("local").backend(scheduler).build()).build();
    try (dev.hai.core.route.RouteTable table = dev.hai.core.route.RouteTable.builder().route(route)
            .shadowTimeout(Duration.ofSeconds(10)).build();
        ClinicalModelClient client = ClinicalModelClient.builder()
            .backend(new HostedAs(cloud, Hosting.EXTERNAL))
            .promptResolver(ref -> new dev.hai.core.spi.ResolvedPrompt(
                List.of(dev.hai.core.ChatMessage.user("Triage: chest pain, 54 years.")),
                new dev.hai.core.PromptInfo(ref.promptId(), "1.0.0", "ab".repeat(32)),
                dev.hai.core.GenerationParameters.none()))
            .routes(table)
            .build()) {
      // An administrative call holds the GPU's only slot.
      Future<?> holder = pool.submit(() -> scheduler.generate(direct(ClinicalPriority.ADMINISTRATIVE, "billing")));
      gpu.awaitCalls(1);

      // An emergency call answered by the cloud: its shadow queues at the GPU ...
      ClinicalResult primary = client.call(ClinicalRequest.builder()
          .caller(Caller.of("u-7", "triage-nurse", "emergency-dept", PurposeOfUse.EMERGENCY_TREATMENT))
          .prompt("triage", "production", Map.of()).priority(ClinicalPriority.EMERGENCY).build());
      assertThat(primary.isSuccess()).isTrue();
      assertThat(primary.metadata().backend()).isEqualTo("cloud-fake");
      awaitQueued(scheduler, 1);
      // ... and an administrative call that comes after it is still served first.
      Future<?> later = pool.submit(() -> scheduler.generate(direct(ClinicalPriority.ADMINISTRATIVE, "billing")));
      awaitQueued(scheduler, 2);

      gpu.release(1);
      gpu.awaitCalls(2);
      assertThat(gpu.calls.get(1).priority()).isEqualTo(ClinicalPriority.ADMINISTRATIVE);
      gpu.release(2);
      gpu.awaitCalls(3);
      dev.hai.core.spi.ModelCall shadow = gpu.calls.get(2);
      assertThat(shadow.priority()).isEqualTo(ClinicalPriority.SHADOW);
      assertThat(shadow.tenant()).isEqualTo("emergency-dept");
      holder.get(10, TimeUnit.SECONDS);
      later.get(10, TimeUnit.SECONDS);
    }
  }
}
