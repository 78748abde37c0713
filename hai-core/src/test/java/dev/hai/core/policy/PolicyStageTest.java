package dev.hai.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hai.core.Caller;
import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.ClinicalResult;
import dev.hai.core.PurposeOfUse;
import dev.hai.core.audit.AuditLogReader;
import dev.hai.core.audit.AuditPolicyDecision;
import dev.hai.core.audit.AuditRecord;
import dev.hai.core.audit.FileAuditSink;
import dev.hai.core.phi.PhiType;
import dev.hai.core.spi.Hosting;
import dev.hai.core.spi.PolicyEngine;
import dev.hai.core.spi.PolicyException;
import dev.hai.core.testing.FakeBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in policy stage, driven by a recording engine in front of fake backends. */
class PolicyStageTest {
  private static final Caller CALLER = Caller.of("u-1", "resident", "cardiology", PurposeOfUse.TREATMENT);

  /** An engine that records its inputs and answers with a scripted decision document. */
  static final class RecordingEngine implements PolicyEngine {
    final List<PolicyInput> inputs = new CopyOnWriteArrayList<>();
    private final Object document;

    RecordingEngine(Object document) {
      this.document = document;
    }

    @Override
    public PolicyDecision evaluate(PolicyInput input) {
      inputs.add(input);
      return PolicyDecision.fromDocument(document, "d-" + inputs.size(), "rev-1");
    }
  }

  private static Map<String, Object> allow(Map<String, Object> obligations) {
    return Map.of("allow", true, "reasons", List.of(), "obligations", obligations);
  }

  private static ClinicalRequest.Builder request() {
    return ClinicalRequest.builder().caller(CALLER).system("Be brief.")
        .user("Summarise the note of Mr. John Smith, MRN: 4455667, seen on 03/14/2025.");
  }

  private static ClinicalModelClient client(PolicyEngine engine, FakeBackend... backends) {
    ClinicalModelClient.Builder b = ClinicalModelClient.builder().policyEngine(engine);
    for (FakeBackend backend : backends) {
      b.backend(backend);
    }
    return b.build();
  }

  /** A client whose prompt resolver answers every reference with {@code info}. */
  private static ClinicalModelClient promptClient(PolicyEngine engine, FakeBackend backend, dev.hai.core.PromptInfo info) {
    return ClinicalModelClient.builder().policyEngine(engine).backend(backend)
        .promptResolver(ref -> new dev.hai.core.spi.ResolvedPrompt(List.of(dev.hai.core.ChatMessage.user("Hi.")),
            info, dev.hai.core.GenerationParameters.none()))
        .build();
  }

  /* --- deny and fail closed --- */

  @Test
  void call_policyDenies_returnsDeniedWithReasonsAndNoModelCall() {
    FakeBackend backend = new FakeBackend("local");
    RecordingEngine engine = new RecordingEngine(
        Map.of("allow", false, "reasons", List.of("only attending physicians may use the discharge-summary prompt")));

    ClinicalResult result = client(engine, backend).call(request().build());

    assertThat(result).isInstanceOf(ClinicalResult.Denied.class);
    ClinicalResult.Denied d = (ClinicalResult.Denied) result;
    assertThat(d.reasons()).containsExactly("only attending physicians may use the discharge-summary prompt");
    assertThat(d.decisionId()).isEqualTo("d-1");
    assertThat(d.bundleRevision()).isEqualTo("rev-1");
    assertThat(d.evaluationFailed()).isFalse();
    assertThat(d.outcome()).isEqualTo("denied");
    assertThat(backend.calls()).isEmpty();
  }

  @Test
  void call_engineThrows_deniesFailClosed() {
    FakeBackend backend = new FakeBackend("local");
    PolicyEngine broken = input -> {
      throw new PolicyException(PolicyException.Kind.UNAVAILABLE, "connection refused");
    };

    ClinicalResult result = client(broken, backend).call(request().build());

    ClinicalResult.Denied d = (ClinicalResult.Denied) result;
    assertThat(d.evaluationFailed()).isTrue();
    assertThat(d.reason()).isEqualTo("the policy could not be evaluated (unavailable): connection refused");
    assertThat(backend.calls()).isEmpty();
  }

  @Test
  void call_engineThrowsUnexpectedException_deniesFailClosed() {
    FakeBackend backend = new FakeBackend("local");
    PolicyEngine broken = input -> {
      throw new IllegalStateException("bug");
    };

    ClinicalResult.Denied d = (ClinicalResult.Denied) client(broken, backend).call(request().build());

    assertThat(d.evaluationFailed()).isTrue();
    assertThat(d.reason()).contains("IllegalStateException");
    assertThat(backend.calls()).isEmpty();
  }

  @Test
  void call_engineReturnsNull_deniesFailClosed() {
    FakeBackend backend = new FakeBackend("local");

    ClinicalResult.Denied d = (ClinicalResult.Denied) client(input -> null, backend).call(request().build());

    assertThat(d.evaluationFailed()).isTrue();
    assertThat(d.reason()).contains("malformed_decision");
    assertThat(backend.calls()).isEmpty();
  }

  @Test
  void call_malformedDecisionDocument_deniesFailClosed() {
    FakeBackend backend = new FakeBackend("local");
    RecordingEngine engine = new RecordingEngine(Map.of("allow", "yes"));

    ClinicalResult.Denied d = (ClinicalResult.Denied) client(engine, backend).call(request().build());

    assertThat(d.evaluationFailed()).isTrue();
    assertThat(d.reason()).contains("'allow' must be true or false");
    assertThat(backend.calls()).isEmpty();
  }

  @Test
  void call_decisionLaterThanTimeout_deniesFailClosed() {
    FakeBackend backend = new FakeBackend("local");
    PolicyEngine slow = input -> {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return PolicyDecision.fromDocument(Map.of("allow", true), "d-slow", null);
    };
    ClinicalModelClient client = ClinicalModelClient.builder().policyEngine(slow)
        .policyTimeout(Duration.ofMillis(1)).backend(backend).build();

    ClinicalResult.Denied d = (ClinicalResult.Denied) client.call(request().build());

    assertThat(d.evaluationFailed()).isTrue();
    assertThat(d.reason()).startsWith("the policy could not be evaluated (timeout)");
    assertThat(backend.calls()).isEmpty();
  }

  @Test
  void call_decisionLaterThanTimeout_keepsTheDecisionsIdForTheDecisionLog(@TempDir Path dir) throws Exception {
    // The engine made and logged decision d-late (an allow); the stage denies it as too late. The
    // denial and its audit record must name d-late, or the two logs can no longer be joined.
    PolicyEngine late = input -> {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return PolicyDecision.fromDocument(Map.of("allow", true), "d-late", "rev-9");
    };
    ClinicalResult.Denied d;
    try (FileAuditSink sink = FileAuditSink.builder(dir).build()) {
      ClinicalModelClient client = ClinicalModelClient.builder().policyEngine(late)
          .policyTimeout(Duration.ofMillis(1)).backend(new FakeBackend("local")).auditSink(sink).build();

      d = (ClinicalResult.Denied) client.call(request().build());
    }

    assertThat(d.evaluationFailed()).isTrue();
    assertThat(d.decisionId()).isEqualTo("d-late");
    assertThat(d.bundleRevision()).isEqualTo("rev-9");
    AuditPolicyDecision p = AuditLogReader.readAll(dir).get(0).policyDecision();
    assertThat(p.decisionId()).isEqualTo("d-late");
    assertThat(p.bundleRevision()).isEqualTo("rev-9");
    assertThat(p.result()).isEqualTo("error");
  }

  /* --- obligations --- */

  @Test
  void call_maxOutputTokens_capsTheRequest() {
    FakeBackend backend = new FakeBackend("local").thenAnswer("ok");
    RecordingEngine engine = new RecordingEngine(allow(Map.of("max_output_tokens", 64)));

    client(engine, backend).call(request().maxTokens(1000).build());

    assertThat(backend.calls().get(0).parameters().maxTokens()).isEqualTo(64);
  }

  @Test
  void call_maxOutputTokensAboveRequest_keepsTheRequest() {
    FakeBackend backend = new FakeBackend("local").thenAnswer("ok");
    RecordingEngine engine = new RecordingEngine(allow(Map.of("max_output_tokens", 64)));

    client(engine, backend).call(request().maxTokens(10).build());

    assertThat(backend.calls().get(0).parameters().maxTokens()).isEqualTo(10);
  }

  @Test
  void call_allowedModels_skipsOtherBackends() {
    FakeBackend cloud = new FakeBackend("cloud", Hosting.EXTERNAL).thenAnswer("cloud");
    FakeBackend local = new FakeBackend("local").thenAnswer("local");
    RecordingEngine engine = new RecordingEngine(allow(Map.of("allowed_models", List.of("local"))));

    ClinicalResult result = client(engine, cloud, local).call(request().build());

    assertThat(((ClinicalResult.Success) result).text()).isEqualTo("local");
    assertThat(cloud.calls()).isEmpty();
  }

  @Test
  void call_allowedModelsMatchNoBackend_denies() {
    FakeBackend cloud = new FakeBackend("cloud", Hosting.EXTERNAL);
    RecordingEngine engine = new RecordingEngine(allow(Map.of("allowed_models", List.of("elsewhere"))));

    ClinicalResult.Denied d = (ClinicalResult.Denied) client(engine, cloud).call(request().build());

    assertThat(d.evaluationFailed()).isFalse();
    assertThat(d.reason()).contains("allows none of the configured backends");
    assertThat(cloud.calls()).isEmpty();
  }

  @Test
  void call_redactPhi_redactsForExternalBackendsOnly() {
    FakeBackend cloud = new FakeBackend("cloud", Hosting.EXTERNAL)
        .thenFail(dev.hai.core.spi.BackendException.builder(dev.hai.core.spi.FailureKind.INVALID_REQUEST, "no").build());
    FakeBackend local = new FakeBackend("local").thenAnswer("local");
    RecordingEngine engine = new RecordingEngine(allow(Map.of("redact_phi", true)));

    client(engine, cloud, local).call(request().build());

    String sentToCloud = cloud.calls().get(0).messages().get(1).content();
    String sentToLocal = local.calls().get(0).messages().get(1).content();
    assertThat(sentToCloud).doesNotContain("Smith").doesNotContain("4455667").contains("[NAME]");
    assertThat(sentToLocal).contains("John Smith").contains("4455667");
  }

  @Test
  void call_requireHumanReview_flagsTheSuccess() {
    FakeBackend backend = new FakeBackend("local").thenAnswer("ok").thenAnswer("ok");

    ClinicalResult.Success flagged = (ClinicalResult.Success) client(
        new RecordingEngine(allow(Map.of("require_human_review", true))), backend).call(request().build());
    ClinicalResult.Success plain = (ClinicalResult.Success) client(
        new RecordingEngine(allow(Map.of())), backend).call(request().build());

    assertThat(flagged.humanReviewRequired()).isTrue();
    assertThat(plain.humanReviewRequired()).isFalse();
  }

  /* --- the audit record --- */

  @Test
  void call_breakGlass_everyResultCarriesTheClaim() {
    // given: one call that claims emergency access and is allowed, one that is denied, one that does not claim it
    RecordingEngine allowing = new RecordingEngine(allow(Map.of()));
    RecordingEngine denying = new RecordingEngine(Map.of("allow", false, "reasons", List.of("no")));

    // when
    ClinicalResult allowed = client(allowing, new FakeBackend("local").thenAnswer("ok"))
        .call(request().breakGlass("Code blue, attending unreachable").build());
    ClinicalResult denied = client(denying, new FakeBackend("local"))
        .call(request().breakGlass("Code blue, attending unreachable").build());
    ClinicalResult ordinary = client(allowing, new FakeBackend("local").thenAnswer("ok")).call(request().build());

    // then
    assertThat(allowed).isInstanceOf(ClinicalResult.Success.class);
    assertThat(allowed.metadata().breakGlass()).isTrue();
    assertThat(denied).isInstanceOf(ClinicalResult.Denied.class);
    assertThat(denied.metadata().breakGlass()).isTrue();
    assertThat(ordinary.metadata().breakGlass()).isFalse();
  }

  @Test
  void call_withAuditSink_recordsDecisionBreakGlassAndObligedContent(@TempDir Path dir) throws Exception {
    FakeBackend backend = new FakeBackend("local").thenAnswer("Reviewed John Smith.");
    RecordingEngine engine = new RecordingEngine(allow(Map.of("audit_content", true, "require_human_review", true)));
    try (FileAuditSink sink = FileAuditSink.builder(dir).build()) {
      ClinicalModelClient client = ClinicalModelClient.builder().policyEngine(engine).backend(backend)
          .auditSink(sink).build();

      client.call(request().breakGlass("Code blue for John Smith, attending unreachable").build());
    }

    AuditRecord r = AuditLogReader.readAll(dir).get(0);
    assertThat(r.outcome()).isEqualTo("success");
    AuditPolicyDecision p = r.policyDecision();
    assertThat(p.decisionId()).isEqualTo("d-1");
    assertThat(p.bundleRevision()).isEqualTo("rev-1");
    assertThat(p.result()).isEqualTo("allow");
    assertThat(p.breakGlass()).isTrue();
    assertThat(p.justification()).contains("Code blue").doesNotContain("Smith");
    assertThat(r.contentInput()).contains("[NAME]").doesNotContain("Smith");
    assertThat(r.contentOutput()).isEqualTo("Reviewed [NAME].");
    // the written object has exactly the keys the schema requires
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    String line;
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
      Path log = files.filter(f -> f.toString().endsWith(".jsonl")).findFirst().orElseThrow();
      line = java.nio.file.Files.readAllLines(log).get(0);
    }
    List<String> written = new java.util.ArrayList<>();
    json.readTree(line).get("policyDecision").fieldNames().forEachRemaining(written::add);
    List<String> required = new java.util.ArrayList<>();
    try (java.io.InputStream in = AuditRecord.class.getResourceAsStream("audit-record-v1.schema.json")) {
      json.readTree(in).at("/properties/policyDecision/required").forEach(n -> required.add(n.asText()));
    }
    assertThat(written).containsExactlyInAnyOrderElementsOf(required);
  }

  @Test
  void call_deniedAndFailedClosed_areRecordedAsDenied(@TempDir Path dir) throws Exception {
    try (FileAuditSink sink = FileAuditSink.builder(dir).build()) {
      ClinicalModelClient denying = ClinicalModelClient.builder()
          .policyEngine(new RecordingEngine(Map.of("allow", false, "reasons", List.of("no"))))
          .backend(new FakeBackend("local")).auditSink(sink).build();
      ClinicalModelClient broken = ClinicalModelClient.builder()
          .policyEngine(input -> {
            throw new PolicyException(PolicyException.Kind.TIMEOUT, "read timed out");
          })
          .backend(new FakeBackend("local")).auditSink(sink).build();

      denying.call(request().build());
      broken.call(request().build());
    }

    List<AuditRecord> records = AuditLogReader.readAll(dir);
    assertThat(records).extracting(AuditRecord::outcome).containsExactly("denied", "denied");
    assertThat(records).extracting(AuditRecord::outcomeDetail).containsExactly("POLICY", "POLICY_ERROR");
    assertThat(records.get(0).outcomeReason()).isEqualTo("no");
    assertThat(records.get(0).policyDecision().result()).isEqualTo("deny");
    assertThat(records.get(1).policyDecision().result()).isEqualTo("error");
    assertThat(records.get(1).outcomeReason()).contains("timeout").contains("read timed out");
    assertThat(records.get(1).contentInput()).isNull();
  }

  /* --- the input document --- */

  @Test
  void call_buildsInputFromRequestConfigurationAndPhi() {
    FakeBackend cloud = new FakeBackend("cloud", Hosting.EXTERNAL).thenAnswer("ok");
    FakeBackend local = new FakeBackend("local");
    RecordingEngine engine = new RecordingEngine(allow(Map.of()));
    ClinicalModelClient client = ClinicalModelClient.builder().policyEngine(engine)
        .backend(cloud).backend(local).baaBackends("cloud").build();

    client.call(request().breakGlass("Patient John Smith unconscious, attending unreachable")
        .actorAttribute("department", "icu").consent("research", false).build());

    PolicyInput in = engine.inputs.get(0);
    assertThat(in.actor()).isEqualTo(new PolicyInput.Actor("u-1", "resident", Map.of("department", "icu")));
    assertThat(in.purposeOfUse()).isEqualTo("TREATMENT");
    assertThat(in.models()).containsExactly(
        new PolicyInput.Model("cloud", "cloud-model", "fake", Hosting.EXTERNAL, true),
        new PolicyInput.Model("local", "local-model", "fake", Hosting.LOCAL, false));
    assertThat(in.phi().counts()).containsEntry(PhiType.NAME, 1).containsEntry(PhiType.MRN, 1)
        .containsEntry(PhiType.DATE, 1);
    assertThat(in.breakGlass().enabled()).isTrue();
    assertThat(in.breakGlass().justification()).doesNotContain("Smith").contains("unconscious");
    assertThat(in.patient()).isEqualTo(new PolicyInput.Patient(null, Map.of("research", false)));
    Map<String, Object> doc = in.toDocument();
    assertThat(doc).containsKeys("actor", "purpose_of_use", "tenant", "patient", "prompt", "model", "models", "phi",
        "break_glass", "time");
    assertThat(doc.get("model")).isEqualTo(Map.of("backend", "cloud", "id", "cloud-model", "provider", "fake",
        "hosting", "external", "baa", true));
  }

  @Test
  void call_versionedPrompt_inputNamesPromptAndItsLabel() {
    FakeBackend backend = new FakeBackend("local").thenAnswer("ok");
    RecordingEngine engine = new RecordingEngine(allow(Map.of()));
    ClinicalModelClient client = promptClient(engine, backend,
        new dev.hai.core.PromptInfo("discharge-summary", "1.2.0", "ab12", "prod", null, null));

    client.call(ClinicalRequest.builder().caller(CALLER).prompt("discharge-summary", "prod", Map.of()).build());

    assertThat(engine.inputs.get(0).prompt())
        .isEqualTo(new PolicyInput.Prompt("discharge-summary", "1.2.0", "ab12", List.of("prod"), null));
    assertThat(engine.inputs.get(0).phi().detected()).isFalse();
  }

  @Test
  void call_promptDeclaresClassification_inputCarriesIt() {
    FakeBackend backend = new FakeBackend("local").thenAnswer("ok");
    RecordingEngine engine = new RecordingEngine(allow(Map.of()));
    ClinicalModelClient client = promptClient(engine, backend,
        new dev.hai.core.PromptInfo("psych-note", "1.2.0", "ab12", null, null, null, "restricted"));

    client.call(ClinicalRequest.builder().caller(CALLER).prompt("psych-note", "1.2.0", Map.of()).build());

    PolicyInput.Prompt prompt = engine.inputs.get(0).prompt();
    assertThat(prompt.dataClassification()).isEqualTo("restricted");
    @SuppressWarnings("unchecked")
    Map<String, Object> doc = (Map<String, Object>) engine.inputs.get(0).toDocument().get("prompt");
    assertThat(doc).containsEntry("data_classification", "restricted");
  }

  @Test
  void build_baaBackendUnknown_isRejected() {
    ClinicalModelClient.Builder b = ClinicalModelClient.builder().policyEngine(new RecordingEngine(allow(Map.of())))
        .backend(new FakeBackend("local")).baaBackends("cloud");

    org.assertj.core.api.Assertions.assertThatThrownBy(b::build)
        .hasMessageContaining("baaBackends").hasMessageContaining("cloud");
  }

  @Test
  void describe_listsPolicyStageAfterPrompt() {
    String described = client(new RecordingEngine(allow(Map.of())), new FakeBackend("local")).describe();

    assertThat(described).containsSubsequence("prompt", "policy", "model");
    assertThat(described).contains("fails closed");
  }
}
