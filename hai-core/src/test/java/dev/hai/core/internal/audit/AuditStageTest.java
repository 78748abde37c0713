package dev.hai.core.internal.audit;

import static dev.hai.core.internal.audit.AuditFixtures.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hai.core.Caller;
import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.ClinicalResult;
import dev.hai.core.ChatMessage;
import dev.hai.core.GenerationParameters;
import dev.hai.core.InvalidRequestException;
import dev.hai.core.KillSwitch;
import dev.hai.core.PromptInfo;
import dev.hai.core.PromptSource;
import dev.hai.core.PurposeOfUse;
import dev.hai.core.RetryPolicy;
import dev.hai.core.StagePosition;
import dev.hai.core.audit.AuditException;
import dev.hai.core.audit.AuditLogReader;
import dev.hai.core.audit.AuditRecord;
import dev.hai.core.audit.AuditSink;
import dev.hai.core.audit.AuditVerifier;
import dev.hai.core.audit.FileAuditSink;
import dev.hai.core.spi.BackendException;
import dev.hai.core.spi.FailureKind;
import dev.hai.core.spi.PromptResolver;
import dev.hai.core.spi.ResolvedPrompt;
import dev.hai.core.testing.FakeBackend;
import dev.hai.core.testing.FakeTime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit stage through a real client: one record per call, whatever the outcome. */
class AuditStageTest {
  private static final Caller CALLER = Caller.of("u-1", "physician", "cardiology", PurposeOfUse.TREATMENT);
  private static final String PATIENT = "MRN-0047113";

  @TempDir Path dir;
  private final FakeTime time = new FakeTime();
  private FileAuditSink sink;

  @AfterEach
  void closeSink() {
    if (sink != null) {
      sink.close();
    }
  }

  private ClinicalModelClient.Builder client(FakeBackend backend) {
    if (sink == null) {
      sink = FileAuditSink.builder(dir).build();
    }
    return ClinicalModelClient.builder()
        .clock(time)
        .sleeper(time)
        .retryPolicy(RetryPolicy.defaults().withJitter(false))
        .backend(backend)
        .auditSink(sink)
        .auditPatientKey(AuditFixtures.PATIENT_KEY);
  }

  private static ClinicalRequest.Builder request() {
    return ClinicalRequest.builder().caller(CALLER).system("Be brief.").user("Summarise the note.");
  }

  private Map<String, Object> onlyRecord() throws IOException {
    List<Map<String, Object>> records = AuditFixtures.records(dir);
    assertThat(records).hasSize(1);
    assertThat(AuditVerifier.verify(dir, Optional.empty()).ok()).isTrue();
    return records.get(0);
  }

  /* --- one record per outcome --- */

  @Test
  void call_promptChosenByExperiment_recordsLabelExperimentAndArm_resolverSeesTheRequest() throws IOException {
    List<String> subjects = new CopyOnWriteArrayList<>();
    PromptResolver resolver = new PromptResolver() {
      @Override
      public ResolvedPrompt resolve(PromptSource.Reference ref) {
        throw new AssertionError("the prompt stage must pass the request");
      }

      @Override
      public ResolvedPrompt resolve(PromptSource.Reference ref, ClinicalRequest req) {
        subjects.add(req.patientId());
        return new ResolvedPrompt(List.of(ChatMessage.user("Summarise.")),
            new PromptInfo("discharge-summary", "1.2.0", "ab".repeat(32), "production", "concise-2026", "b"),
            GenerationParameters.none());
      }
    };
    ClinicalResult result = client(new FakeBackend("primary").thenAnswer("ok.")).promptResolver(resolver).build()
        .call(ClinicalRequest.builder().caller(CALLER).patientId(PATIENT)
            .prompt("discharge-summary", "production", Map.of()).build());

    assertThat(subjects).containsExactly(PATIENT);
    assertThat(result.metadata().prompt().armName()).hasValue("b");
    @SuppressWarnings("unchecked")
    Map<String, Object> prompt = (Map<String, Object>) onlyRecord().get("prompt");
    assertThat(prompt).containsEntry("id", "discharge-summary").containsEntry("version", "1.2.0")
        .containsEntry("label", "production").containsEntry("experiment", "concise-2026").containsEntry("arm", "b");
    assertThat(AuditLogReader.readAll(dir)).singleElement().satisfies(rec -> {
      assertThat(rec.promptLabel()).isEqualTo("production");
      assertThat(rec.promptExperiment()).isEqualTo("concise-2026");
      assertThat(rec.promptArm()).isEqualTo("b");
    });
  }

  @Test
  void call_promptChosenByVersion_recordsNoLabelOrArmKeys() throws IOException {
    PromptResolver resolver = ref -> new ResolvedPrompt(List.of(ChatMessage.user("Summarise.")),
        new PromptInfo("discharge-summary", "1.2.0", "ab".repeat(32)), GenerationParameters.none());
    client(new FakeBackend("primary").thenAnswer("ok.")).promptResolver(resolver).build()
        .call(ClinicalRequest.builder().caller(CALLER).prompt("discharge-summary", "1.2.0", Map.of()).build());

    @SuppressWarnings("unchecked")
    Map<String, Object> prompt = (Map<String, Object>) onlyRecord().get("prompt");
    assertThat(prompt).containsOnlyKeys("id", "version", "sha256");
  }

  @Test
  void call_success_writesOneRecordWithDigestsAndNoContent() throws IOException {
    FakeBackend backend = new FakeBackend("primary").thenAnswer("Stable.");
    ClinicalResult result = client(backend).build().call(request().temperature(0.0).build());

    Map<String, Object> r = onlyRecord();
    assertThat(field(r, "outcome")).isEqualTo("success");
    assertThat(field(r, "callId")).isEqualTo(result.callId().toString());
    assertThat(UUID.fromString(field(r, "id")).version()).isEqualTo(7);
    assertThat(field(r, "tenant")).isEqualTo("cardiology");
    assertThat(field(r, "actorId")).isEqualTo("u-1");
    assertThat(field(r, "actorRole")).isEqualTo("physician");
    assertThat(field(r, "purposeOfUse")).isEqualTo("TREATMENT");
    assertThat(field(r, "backend")).isEqualTo("primary");
    assertThat(field(r, "model")).isEqualTo("primary-model");
    assertThat(field(r, "attempts")).isEqualTo("1");
    assertThat(field(r, "schema")).isEqualTo("1");
    assertThat(r.get("cost")).isNull();
    assertThat(r.get("policyDecision")).isNull();
    assertThat(r.get("content")).isNull();
    assertThat(field(r, "outputSha256")).isEqualTo(Digests.sha256Hex("Stable."));
    assertThat(field(r, "inputSha256")).isEqualTo(Digests.sha256Hex(
        "{\"messages\":[{\"content\":\"Be brief.\",\"role\":\"system\"},"
            + "{\"content\":\"Summarise the note.\",\"role\":\"user\"}],"
            + "\"parameters\":{\"temperature\":0.0}}"));
    assertThat(Files.readString(AuditFixtures.lines(dir).isEmpty() ? dir : LogFiles.list(dir).get(0).path()))
        .doesNotContain("Summarise the note").doesNotContain("Stable.");
  }

  @Test
  void call_rejected_writesOneRecord() throws IOException {
    ClinicalResult result = client(new FakeBackend("primary")).build()
        .call(ClinicalRequest.builder().caller(CALLER).prompt("discharge", "production", Map.of()).build());

    assertThat(result).isInstanceOf(ClinicalResult.Rejected.class);
    Map<String, Object> r = onlyRecord();
    assertThat(field(r, "outcome")).isEqualTo("rejected");
    assertThat(field(r, "attempts")).isEqualTo("0");
    assertThat(r.get("inputSha256")).isNull();
  }

  @Test
  void call_unavailable_writesOneRecordWithTheKind() throws IOException {
    FakeBackend backend = new FakeBackend("primary")
        .thenFail(BackendException.builder(FailureKind.AUTHENTICATION, "bad key").statusCode(401).build());
    ClinicalResult result = client(backend).build().call(request().build());

    assertThat(result).isInstanceOf(ClinicalResult.Unavailable.class);
    Map<String, Object> r = onlyRecord();
    assertThat(field(r, "outcome")).isEqualTo("unavailable");
    assertThat(field(r, "outcomeDetail")).isEqualTo("AUTHENTICATION");
    assertThat(r.get("outputSha256")).isNull();
    assertThat(r.get("inputSha256")).isNotNull();
  }

  @Test
  void call_disabledByAKillSwitch_writesOneRecordNamingTheSwitchWithIdentifiersMasked() throws IOException {
    KillSwitch.Target target = KillSwitch.Target.model("primary-model");
    KillSwitch killed = new KillSwitch(target, "ops-7", "wrong doses for patient " + PATIENT,
        Instant.parse("2026-11-26T04:00:00Z"));
    FakeBackend backend = new FakeBackend("primary");
    ClinicalResult result = client(backend)
        .killSwitches(t -> t.equals(target) ? Optional.of(killed) : Optional.empty())
        .build().call(request().build());

    assertThat(result).isInstanceOf(ClinicalResult.Disabled.class);
    assertThat(backend.calls()).isEmpty();
    Map<String, Object> r = onlyRecord();
    assertThat(field(r, "outcome")).isEqualTo("disabled");
    assertThat(field(r, "outcomeDetail")).isEqualTo("model:primary-model");
    assertThat(field(r, "outcomeReason"))
        .startsWith("disabled by ops-7 since 2026-11-26T04:00:00Z: wrong doses for patient ")
        .doesNotContain(PATIENT);
    assertThat(field(r, "attempts")).isEqualTo("0");
  }

  @Test
  void call_deadlinePasses_writesOneRecord() throws IOException {
    FakeBackend backend = new FakeBackend("primary").then(call -> {
      time.advance(Duration.ofSeconds(30));
      throw BackendException.builder(FailureKind.OVERLOADED, "overloaded").statusCode(529).build();
    });
    ClinicalResult result = client(backend).build().call(request().timeout(Duration.ofSeconds(10)).build());

    assertThat(result).isInstanceOfSatisfying(ClinicalResult.Unavailable.class,
        u -> assertThat(u.reason()).contains("deadline"));
    Map<String, Object> r = onlyRecord();
    assertThat(field(r, "outcome")).isEqualTo("unavailable");
    assertThat(field(r, "outcomeReason")).contains("deadline");
  }

  @Test
  void call_userStageThrows_recordsTheErrorAndRethrows() throws IOException {
    FakeBackend backend = new FakeBackend("primary");
    ClinicalModelClient client = client(backend)
        .addStage(StagePosition.BEFORE_MODEL, chain -> {
          throw new IllegalStateException("bug in a user stage, with patient text");
        })
        .build();

    assertThatThrownBy(() -> client.call(request().build())).isInstanceOf(IllegalStateException.class);
    Map<String, Object> r = onlyRecord();
    assertThat(field(r, "outcome")).isEqualTo("error");
    assertThat(field(r, "outcomeDetail")).isEqualTo("java.lang.IllegalStateException");
    assertThat(r.get("outcomeReason")).isNull();
    assertThat(backend.calls()).isEmpty();
  }

  @Test
  void callAsync_writesTheRecordBeforeTheFutureCompletes() throws Exception {
    ClinicalModelClient client = client(new FakeBackend("primary")).build();
    ClinicalResult result = client.callAsync(request().build()).get();

    assertThat(field(onlyRecord(), "callId")).isEqualTo(result.callId().toString());
    client.close();
  }

  @Test
  void callAsync_refusedByAFullQueue_writesOneRecordBeforeTheFutureFails() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    FakeBackend blocking = new FakeBackend("primary").thenBlock(started, release);
    try (ClinicalModelClient client = client(blocking).asyncPool(1, 0).build()) {
      CompletableFuture<ClinicalResult> running = client.callAsync(request().build());
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

      CompletableFuture<ClinicalResult> refused = client.callAsync(request().patientId(PATIENT).build());

      assertThat(refused).isCompletedExceptionally();
      // Already on disk when callAsync returned the failed future.
      Map<String, Object> r = onlyRecord();
      assertThat(field(r, "outcome")).isEqualTo("unavailable");
      assertThat(field(r, "outcomeDetail")).isEqualTo("CLIENT_OVERLOADED");
      assertThat(field(r, "outcomeReason")).contains("queue");
      assertThat(field(r, "attempts")).isEqualTo("0");
      assertThat(field(r, "patientRef")).startsWith("hmac-sha256:").doesNotContain(PATIENT);
      assertThat(UUID.fromString(field(r, "callId")).version()).isEqualTo(7);
      assertThat(field(r, "inputSha256")).isNotNull();
      assertThatThrownBy(refused::join).hasCauseInstanceOf(RejectedExecutionException.class);

      release.countDown();
      assertThat(running.get(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    }
    List<Map<String, Object>> records = AuditFixtures.records(dir);
    assertThat(records).extracting(m -> m.get("outcome")).containsExactly("unavailable", "success");
    assertThat(AuditVerifier.verify(dir, Optional.empty()).ok()).isTrue();
  }

  @Test
  void callAsync_refusedWhileTheSinkCannotWrite_stillFailsWithRejectedExecution() {
    sink = FileAuditSink.builder(dir).build();
    sink.close();
    ExecutorService shutDown = Executors.newSingleThreadExecutor();
    shutDown.shutdown();
    ClinicalModelClient client = client(new FakeBackend("primary")).asyncExecutor(shutDown).build();

    CompletableFuture<ClinicalResult> refused = client.callAsync(request().build());

    assertThat(refused).isCompletedExceptionally();
    assertThatThrownBy(refused::join)
        .hasCauseInstanceOf(RejectedExecutionException.class)
        .satisfies(e -> assertThat(e.getCause().getSuppressed()).hasOnlyElementsOfType(AuditException.class)
            .hasSize(1));
    client.close();
  }

  @Test
  void callAsync_refusedByAShutDownExecutor_isRecordedAsClientClosed() throws IOException {
    ExecutorService shutDown = Executors.newSingleThreadExecutor();
    shutDown.shutdown();
    ClinicalModelClient client = client(new FakeBackend("primary")).asyncExecutor(shutDown).build();

    assertThat(client.callAsync(request().build())).isCompletedExceptionally();

    assertThat(field(onlyRecord(), "outcomeDetail")).isEqualTo("CLIENT_CLOSED");
    client.close();
  }

  /* --- patient reference --- */

  @Test
  void call_patientId_isRecordedAsAKeyedHashOnly() throws IOException {
    client(new FakeBackend("primary")).build().call(request().patientId(PATIENT).build());

    Map<String, Object> r = onlyRecord();
    assertThat(field(r, "patientRef"))
        .isEqualTo("hmac-sha256:" + Digests.hmacSha256Hex(AuditFixtures.PATIENT_KEY, PATIENT));
    assertThat(Files.readString(LogFiles.list(dir).get(0).path(), StandardCharsets.UTF_8)).doesNotContain(PATIENT);
  }

  @Test
  void call_patientIdWithoutPatientKey_isRejectedAndRecorded() throws IOException {
    sink = FileAuditSink.builder(dir).build();
    FakeBackend backend = new FakeBackend("primary");
    ClinicalResult result = ClinicalModelClient.builder().backend(backend).auditSink(sink).build()
        .call(request().patientId(PATIENT).build());

    assertThat(result).isInstanceOfSatisfying(ClinicalResult.Rejected.class,
        r -> assertThat(r.field()).isEqualTo("patientId"));
    assertThat(backend.calls()).isEmpty();
    assertThat(onlyRecord().get("patientRef")).isNull();
  }

  /* --- content capture --- */

  @Test
  void call_contentCapture_recordsRedactedContent() throws IOException {
    client(new FakeBackend("primary").thenAnswer("Patient Smith is stable."))
        .auditContentCapture(text -> text.replace("Smith", "[NAME]"))
        .build()
        .call(ClinicalRequest.builder().caller(CALLER).user("Summarise Smith's note.").build());

    @SuppressWarnings("unchecked")
    Map<String, Object> content = (Map<String, Object>) onlyRecord().get("content");
    assertThat(content.get("output")).isEqualTo("Patient [NAME] is stable.");
    assertThat((String) content.get("input")).contains("Summarise [NAME]'s note.").doesNotContain("Smith");
  }

  /* --- fail closed / fail open --- */

  @Test
  void call_diskFull_failsClosedAndStopsCallingTheModel() throws IOException {
    AtomicBoolean full = new AtomicBoolean();
    try (JsonlFileSink faulty = new JsonlFileSink(JsonlFileSinkTest.options(dir), FaultyFileChannel.opener(full::get))) {
      FakeBackend backend = new FakeBackend("primary");
      ClinicalModelClient client = ClinicalModelClient.builder().backend(backend).auditSink(faulty).build();
      full.set(true);

      ClinicalResult first = client.call(request().build());
      assertThat(first).isInstanceOfSatisfying(ClinicalResult.AuditFailure.class,
          f -> assertThat(f.modelCalled()).isTrue());
      assertThat(backend.calls()).hasSize(1);

      ClinicalResult second = client.call(request().build());
      assertThat(second).isInstanceOfSatisfying(ClinicalResult.AuditFailure.class,
          f -> assertThat(f.modelCalled()).isFalse());
      assertThat(backend.calls()).as("no model call while the sink fails").hasSize(1);

      full.set(false);
      assertThat(client.call(request().build()).isSuccess()).isTrue();
      assertThat(backend.calls()).hasSize(2);
    }
    assertThat(AuditFixtures.records(dir)).hasSize(1);
    assertThat(AuditVerifier.verify(dir, Optional.empty()).ok()).isTrue();
  }

  @Test
  void call_diskNearlyFull_failsClosedBeforeTheModel() throws IOException {
    try (FileAuditSink low = FileAuditSink.builder(dir).minFreeBytes(Long.MAX_VALUE).build()) {
      FakeBackend backend = new FakeBackend("primary");
      ClinicalResult result = ClinicalModelClient.builder().backend(backend).auditSink(low).build()
          .call(request().build());

      assertThat(result).isInstanceOfSatisfying(ClinicalResult.AuditFailure.class,
          f -> assertThat(f.modelCalled()).isFalse());
      assertThat(backend.calls()).isEmpty();
    }
    assertThat(AuditFixtures.records(dir)).isEmpty();
  }

  @Test
  void call_unwritableSinkFailOpen_proceedsAndRaisesTheAlarm() {
    List<UUID> alarms = new CopyOnWriteArrayList<>();
    FakeBackend backend = new FakeBackend("primary");
    ClinicalModelClient client = ClinicalModelClient.builder()
        .backend(backend)
        .auditSink(new BrokenSink())
        .auditFailOpen(true)
        .auditAlarm((callId, cause) -> alarms.add(callId))
        .build();

    ClinicalResult result = client.call(request().build());

    assertThat(result.isSuccess()).isTrue();
    assertThat(backend.calls()).hasSize(1);
    assertThat(alarms).containsExactly(result.callId());
    assertThat(client.describe()).contains("fails OPEN (alarms so far: 1)");
  }

  @Test
  void call_diskFullFailOpen_proceedsRaisesTheAlarmAndRecordsAgainOnceWritable() throws IOException {
    AtomicBoolean full = new AtomicBoolean();
    List<UUID> alarms = new CopyOnWriteArrayList<>();
    try (JsonlFileSink faulty = new JsonlFileSink(JsonlFileSinkTest.options(dir), FaultyFileChannel.opener(full::get))) {
      FakeBackend backend = new FakeBackend("primary");
      ClinicalModelClient client = ClinicalModelClient.builder()
          .backend(backend)
          .auditSink(faulty)
          .auditFailOpen(true)
          .auditAlarm((callId, cause) -> alarms.add(callId))
          .build();
      full.set(true);

      ClinicalResult first = client.call(request().build());
      ClinicalResult second = client.call(request().build());
      assertThat(first.isSuccess()).isTrue();
      assertThat(second.isSuccess()).isTrue();
      assertThat(backend.calls()).hasSize(2);
      assertThat(alarms).containsExactly(first.callId(), second.callId());

      full.set(false);
      ClinicalResult third = client.call(request().build());
      assertThat(third.isSuccess()).isTrue();
      assertThat(alarms).hasSize(2);
      assertThat(field(AuditFixtures.records(dir).get(0), "callId")).isEqualTo(third.callId().toString());
    }
    assertThat(AuditFixtures.records(dir)).hasSize(1);
  }

  @Test
  void call_unwritableSinkFailClosed_neverCallsTheModel() {
    FakeBackend backend = new FakeBackend("primary");
    ClinicalModelClient client = ClinicalModelClient.builder().backend(backend).auditSink(new BrokenSink()).build();

    assertThat(client.call(request().build())).isInstanceOf(ClinicalResult.AuditFailure.class);
    assertThat(backend.calls()).isEmpty();
  }

  /* --- configuration --- */

  @Test
  void describe_listsAuditFirst() {
    String d = client(new FakeBackend("primary")).build().describe();
    assertThat(d).contains("1. audit    built-in  JSON Lines files in " + dir).contains("fails closed");
  }

  @Test
  void describe_withoutSink_saysAuditIsOff() {
    String d = ClinicalModelClient.builder().backend(new FakeBackend("primary")).build().describe();
    assertThat(d).contains("-. audit    off").contains("1. prompt");
  }

  @Test
  void build_auditSettingsWithoutSink_throws() {
    assertThatThrownBy(() -> ClinicalModelClient.builder().backend(new FakeBackend("p")).auditFailOpen(true).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("auditSink");
  }

  @Test
  void auditPatientKey_tooShort_throws() {
    assertThatThrownBy(() -> ClinicalModelClient.builder().auditPatientKey(new byte[8]))
        .isInstanceOf(InvalidRequestException.class);
  }

  /** A sink whose disk is gone: never ready, every append fails. */
  private static final class BrokenSink implements AuditSink {
    @Override
    public AuditRecord append(AuditRecord record) {
      throw new AuditException("I/O error");
    }

    @Override
    public boolean ready() {
      return false;
    }

    @Override
    public String describe() {
      return "broken";
    }

    @Override
    public void close() {}
  }
}
