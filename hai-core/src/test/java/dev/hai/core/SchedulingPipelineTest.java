package dev.hai.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hai.core.audit.AuditLogReader;
import dev.hai.core.audit.AuditRecord;
import dev.hai.core.audit.AuditScheduling;
import dev.hai.core.audit.FileAuditSink;
import dev.hai.core.cost.CostTracking;
import dev.hai.core.cost.Money;
import dev.hai.core.internal.audit.AuditFixtures;
import dev.hai.core.policy.PolicyDecision;
import dev.hai.core.spi.BackendException;
import dev.hai.core.spi.BackendInfo;
import dev.hai.core.spi.FailureKind;
import dev.hai.core.spi.Hosting;
import dev.hai.core.spi.ModelBackend;
import dev.hai.core.spi.ModelCall;
import dev.hai.core.spi.ModelResponse;
import dev.hai.core.spi.PolicyEngine;
import dev.hai.core.spi.SchedulingInfo;
import dev.hai.core.testing.FakeBackend;
import dev.hai.core.testing.FakeTime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the pipeline does with a scheduling backend: the priority and tenant reach the call, a
 * CAPACITY refusal goes on to the fallback at once (or ends the call where the policy allows no
 * fallback), the scheduling facts reach the audit record, and reported GPU time is billed.
 */
class SchedulingPipelineTest {
  private static final Caller CALLER = Caller.of("u-1", "triage-nurse", "emergency-dept", PurposeOfUse.EMERGENCY_TREATMENT);

  @TempDir
  Path dir;

  /** A local backend that refuses every call for capacity, as a saturated GPU scheduler does. */
  static final class RefusingBackend implements ModelBackend {
    final List<ModelCall> calls = new CopyOnWriteArrayList<>();
    final List<String> divertedTo = new CopyOnWriteArrayList<>();
    /** Runs before each refusal (e.g. to let time pass). */
    Runnable beforeRefusing = () -> {};

    @Override
    public BackendInfo info() {
      return new BackendInfo("gpu", "fake", Hosting.LOCAL, "gpu-model");
    }

    @Override
    public ModelResponse generate(ModelCall call) {
      calls.add(call);
      beforeRefusing.run();
      throw BackendException.builder(FailureKind.CAPACITY, "expected wait would pass the deadline")
          .scheduling(new SchedulingInfo(call.priority(), SchedulingInfo.Admission.REFUSED, Duration.ZERO, null))
          .build();
    }

    @Override
    public void diverted(ModelCall call, BackendInfo to) {
      divertedTo.add(to.name());
    }
  }

  private static PolicyEngine allowing(Map<String, Object> obligations) {
    return input -> PolicyDecision.fromDocument(
        Map.of("allow", true, "reasons", List.of(), "obligations", obligations), "d-1", "rev-1");
  }

  private static ClinicalRequest.Builder request() {
    return ClinicalRequest.builder().caller(CALLER).user("Triage this presentation.")
        .priority(ClinicalPriority.EMERGENCY).timeout(Duration.ofSeconds(20));
  }

  /* --- priority on the call --- */

  @Test
  void call_priorityAndTenant_reachTheModelCall() {
    FakeBackend gpu = new FakeBackend("gpu");
    ClinicalModelClient client = ClinicalModelClient.builder().backend(gpu).build();

    client.call(request().build());
    client.call(request().build().toBuilder().priority(ClinicalPriority.ADMINISTRATIVE).build());
    client.call(ClinicalRequest.builder().caller(CALLER).user("No priority.").build());

    assertThat(gpu.calls()).extracting(ModelCall::priority)
        .containsExactly(ClinicalPriority.EMERGENCY, ClinicalPriority.ADMINISTRATIVE, null);
    assertThat(gpu.calls()).extracting(ModelCall::tenant).containsOnly("emergency-dept");
  }

  /* --- refusal at admission --- */

  @Test
  void call_refusedForCapacity_fallbackAnswersAtOnce() throws Exception {
    RefusingBackend gpu = new RefusingBackend();
    FakeBackend cloud = new FakeBackend("cloud", Hosting.EXTERNAL).thenAnswer("from the cloud");
    FakeTime time = new FakeTime();
    try (FileAuditSink sink = FileAuditSink.builder(dir).build()) {
      ClinicalModelClient client = ClinicalModelClient.builder()
          .backend(gpu).backend(cloud).clock(time).sleeper(time).auditSink(sink).build();

      ClinicalResult result = client.call(request().build());

      assertThat(result).isInstanceOf(ClinicalResult.Success.class);
      assertThat(((ClinicalResult.Success) result).text()).isEqualTo("from the cloud");
      assertThat(gpu.calls).hasSize(1); // not retried at the refusing backend
      assertThat(time.sleeps()).isEmpty(); // no backoff before the fallback
      assertThat(gpu.divertedTo).containsExactly("cloud");
    }
    AuditRecord record = AuditLogReader.readAll(dir).get(0);
    assertThat(record.backend()).isEqualTo("cloud");
    assertThat(record.scheduling()).isEqualTo(new AuditScheduling("EMERGENCY", 100, 0, "diverted"));
  }

  @Test
  void call_refusedForCapacity_policyAllowsNoFallback_unavailableWithCapacityAtOnce() throws Exception {
    RefusingBackend gpu = new RefusingBackend();
    FakeBackend cloud = new FakeBackend("cloud", Hosting.EXTERNAL).thenAnswer("from the cloud");
    FakeTime time = new FakeTime();
    try (FileAuditSink sink = FileAuditSink.builder(dir).build()) {
      ClinicalModelClient client = ClinicalModelClient.builder()
          .backend(gpu).backend(cloud).clock(time).sleeper(time).auditSink(sink)
          .policyEngine(allowing(Map.of("allowed_models", List.of("gpu"))))
          .build();

      ClinicalResult result = client.call(request().build());

      assertThat(result).isInstanceOf(ClinicalResult.Unavailable.class);
      ClinicalResult.Unavailable u = (ClinicalResult.Unavailable) result;
      assertThat(u.kind()).isEqualTo(FailureKind.CAPACITY); // not DEADLINE_EXCEEDED: it did not wait
      assertThat(u.metadata().attempts()).isEqualTo(1);
      assertThat(time.sleeps()).isEmpty();
      assertThat(cloud.calls()).isEmpty();
      assertThat(gpu.divertedTo).isEmpty();
    }
    AuditRecord record = AuditLogReader.readAll(dir).get(0);
    assertThat(record.outcomeDetail()).isEqualTo("CAPACITY");
    assertThat(record.scheduling()).isEqualTo(new AuditScheduling("EMERGENCY", 100, 0, "refused"));
  }

  @Test
  void call_refusedForCapacity_deadlinePassedBeforeTheFallback_notDiverted() throws Exception {
    FakeTime time = new FakeTime();
    RefusingBackend gpu = new RefusingBackend();
    gpu.beforeRefusing = () -> time.advance(Duration.ofSeconds(25)); // outlasts the call's 20 s
    FakeBackend cloud = new FakeBackend("cloud", Hosting.EXTERNAL).thenAnswer("from the cloud");
    try (FileAuditSink sink = FileAuditSink.builder(dir).build()) {
      ClinicalModelClient client = ClinicalModelClient.builder()
          .backend(gpu).backend(cloud).clock(time).sleeper(time).auditSink(sink).build();

      ClinicalResult result = client.call(request().build());

      assertThat(result).isInstanceOf(ClinicalResult.Unavailable.class);
      assertThat(((ClinicalResult.Unavailable) result).kind()).isEqualTo(FailureKind.DEADLINE_EXCEEDED);
      assertThat(cloud.calls()).isEmpty();
      assertThat(gpu.divertedTo).isEmpty(); // no other backend was tried
    }
    AuditRecord record = AuditLogReader.readAll(dir).get(0);
    assertThat(record.scheduling()).isEqualTo(new AuditScheduling("EMERGENCY", 100, 0, "refused"));
  }

  @Test
  void call_timeoutBeyondTheLastInstant_isNoDeadlineAndTheBackendAnswers() {
    FakeBackend gpu = new FakeBackend("gpu").thenAnswer("ok");
    ClinicalModelClient client = ClinicalModelClient.builder().backend(gpu).build();

    ClinicalResult result = client.call(request().timeout(Duration.ofSeconds(Long.MAX_VALUE)).build());

    assertThat(result.isSuccess()).isTrue();
    assertThat(gpu.calls()).singleElement().satisfies(
        call -> assertThat(call.timeout()).isGreaterThan(Duration.ofDays(365L * 1_000_000)));
  }

  /* --- admitted calls --- */

  @Test
  void call_admitted_recordsPriorityAndWait() throws Exception {
    FakeBackend gpu = new FakeBackend("gpu").then(call -> FakeBackend.answer("ok").withScheduling(
        new SchedulingInfo(call.priority(), SchedulingInfo.Admission.ADMITTED, Duration.ofMillis(340),
            Duration.ofMillis(500))));
    try (FileAuditSink sink = FileAuditSink.builder(dir).build()) {
      ClinicalModelClient client = ClinicalModelClient.builder().backend(gpu).auditSink(sink).build();

      assertThat(client.call(request().build()).isSuccess()).isTrue();
    }
    AuditRecord record = AuditLogReader.readAll(dir).get(0);
    assertThat(record.scheduling()).isEqualTo(new AuditScheduling("EMERGENCY", 100, 340, "admitted"));
  }

  @Test
  void call_withoutScheduler_recordHasNoSchedulingObject() throws Exception {
    try (FileAuditSink sink = FileAuditSink.builder(dir).build()) {
      ClinicalModelClient client = ClinicalModelClient.builder().backend(new FakeBackend("gpu")).auditSink(sink).build();
      client.call(request().build());
    }
    assertThat(AuditLogReader.readAll(dir).get(0).scheduling()).isNull();
    assertThat(AuditFixtures.lines(dir)).singleElement().asString().doesNotContain("scheduling");
  }

  /* --- GPU costing --- */

  @Test
  void call_reportedGpuTime_isBilledInsteadOfWallTime() {
    // Half an hour of GPU at USD 2 per hour, reported by the scheduler; the call's wall time is ~0.
    FakeBackend gpu = new FakeBackend("gpu").then(call -> FakeBackend.answer("ok").withScheduling(
        new SchedulingInfo(call.priority(), SchedulingInfo.Admission.ADMITTED, Duration.ZERO, Duration.ofMinutes(30))));
    ClinicalModelClient client = ClinicalModelClient.builder().backend(gpu)
        .costTracking(CostTracking.builder().localComputePrice("gpu", Money.of("USD", "2.00")).build())
        .build();

    ClinicalResult result = client.call(request().build());

    assertThat(result.metadata().cost()).isEqualTo(Money.of("USD", "1.00"));
  }
}
