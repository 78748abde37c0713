package dev.hai.governance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hai.core.Caller;
import dev.hai.core.ChatMessage;
import dev.hai.core.GenerationParameters;
import dev.hai.core.PromptInfo;
import dev.hai.core.spi.ResolvedPrompt;
import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.ClinicalResult;
import dev.hai.core.PurposeOfUse;
import dev.hai.core.audit.AuditLogReader;
import dev.hai.core.audit.AuditRecord;
import dev.hai.core.audit.FileAuditSink;
import dev.hai.core.spi.Hosting;
import dev.hai.governance.internal.PolicyJson;
import dev.hai.core.testing.FakeBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real client with the starter policy in-process, a fake cloud and a fake local backend, a file
 * audit trail and a decision log: the documented examples, end to end.
 */
class PolicyEndToEndTest {
  private static final String NOTE = "Discharge summary for Mr. John Smith, MRN: 4455667, admitted 03/14/2025.";

  @Test
  void starterPolicy_enforcedAndRecorded(@TempDir Path dir) throws Exception {
    Path audit = dir.resolve("audit");
    Path decisions = dir.resolve("decisions.jsonl");
    FakeBackend cloud = new FakeBackend("openai", Hosting.EXTERNAL);
    FakeBackend local = new FakeBackend("gpu");
    for (int i = 0; i < 3; i++) {
      local.thenAnswer("summary " + i);
    }
    List<ClinicalResult> results;
    try (FileAuditSink sink = FileAuditSink.builder(audit).build();
        DecisionLog log = DecisionLog.jsonl(decisions);
        WasmPolicyEngine policy = WasmPolicyEngine.builder().bundleResource(WasmPolicyEngineTest.STARTER)
            .decisionLog(log).build()) {
      ClinicalModelClient client = ClinicalModelClient.builder()
          .backend(cloud).backend(local) // the cloud backend has no BAA
          .promptResolver(ref -> new ResolvedPrompt(
              List.of(ChatMessage.system("You write discharge summaries."), ChatMessage.user(NOTE)),
              new PromptInfo(ref.promptId(), "1.2.0", "ab".repeat(32)), GenerationParameters.none()))
          .policyEngine(policy).auditSink(sink).build();

      results = List.of(
          // 1. an attending physician, treatment, PHI: only the local model qualifies
          client.call(request("attending-physician", PurposeOfUse.TREATMENT).build()),
          // 2. a resident: denied
          client.call(request("resident", PurposeOfUse.TREATMENT).build()),
          // 3. a resident breaking the glass without a real justification: denied
          client.call(request("resident", PurposeOfUse.EMERGENCY_TREATMENT).breakGlass("urgent").build()),
          // 4. a resident breaking the glass with one: allowed, reviewed, content kept
          client.call(request("resident", PurposeOfUse.EMERGENCY_TREATMENT)
              .breakGlass("John Smith arrested on the ward, attending in theatre").build()));
    }

    assertThat(results).extracting(ClinicalResult::outcome).containsExactly("success", "denied", "denied", "success");
    assertThat(cloud.calls()).isEmpty();
    assertThat(local.calls()).hasSize(2);
    assertThat(local.calls().get(0).parameters().maxTokens()).isEqualTo(4096);
    assertThat(((ClinicalResult.Success) results.get(0)).humanReviewRequired()).isFalse();
    assertThat(((ClinicalResult.Success) results.get(3)).humanReviewRequired()).isTrue();
    assertThat(((ClinicalResult.Denied) results.get(1)).reasons())
        .containsExactly("only attending physicians may use the discharge-summary prompt");
    assertThat(((ClinicalResult.Denied) results.get(2)).reasons())
        .contains("break-glass needs a justification of at least 20 characters");

    List<AuditRecord> records = AuditLogReader.readAll(audit);
    List<String> lines = Files.readAllLines(decisions);
    assertThat(records).hasSize(4);
    assertThat(lines).hasSize(4);
    for (int i = 0; i < 4; i++) {
      Map<?, ?> entry = (Map<?, ?>) PolicyJson.parse(lines.get(i), "decision log line");
      assertThat(records.get(i).policyDecision().decisionId()).isEqualTo(entry.get("decision_id"));
      assertThat(records.get(i).policyDecision().bundleRevision()).startsWith("starter-");
      assertThat(lines.get(i)).doesNotContain("Smith").doesNotContain("4455667");
    }
    AuditRecord breakGlass = records.get(3);
    assertThat(breakGlass.policyDecision().breakGlass()).isTrue();
    assertThat(breakGlass.policyDecision().justification()).contains("attending in theatre").doesNotContain("Smith");
    assertThat(breakGlass.contentInput()).contains("[NAME]").doesNotContain("Smith");
    assertThat(records.get(0).contentInput()).isNull();
    assertThat(records.get(1).outcomeReason()).isEqualTo("only attending physicians may use the discharge-summary prompt");
  }

  @Test
  void starterPolicy_restrictedPromptFromTheRegistry_goesToLocalModelsOnly(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("psych-note"));
    Files.writeString(dir.resolve("psych-note/1.0.0.yaml"), """
        id: psych-note
        version: "1.0.0"
        owner: clinical-safety@hospital.example
        classification: restricted
        messages:
          - {role: user, content: "Summarise the session: {{note}}"}
        variables:
          note: {maxLength: 4000}
        changelog: first version
        """);
    FakeBackend cloud = new FakeBackend("anthropic", Hosting.EXTERNAL).thenAnswer("cloud");
    FakeBackend local = new FakeBackend("gpu").thenAnswer("local");
    ClinicalResult result;
    try (dev.hai.prompts.PromptRegistry prompts = dev.hai.prompts.PromptRegistry.builder().directory(dir).build();
        WasmPolicyEngine policy = WasmPolicyEngine.builder().bundleResource(WasmPolicyEngineTest.STARTER).build()) {
      ClinicalModelClient client = ClinicalModelClient.builder()
          .backend(cloud).backend(local).baaBackends("anthropic") // the cloud would qualify for unclassified text
          .promptResolver(prompts).policyEngine(policy).build();

      result = client.call(ClinicalRequest.builder()
          .caller(Caller.of("u-1", "attending-physician", "psychiatry", PurposeOfUse.TREATMENT))
          .prompt("psych-note", "1.0.0", Map.of("note", "Slept badly, mood low.")).build());
    }

    assertThat(result.outcome()).isEqualTo("success");
    assertThat(result.metadata().prompt().dataClassification()).isEqualTo("restricted");
    assertThat(cloud.calls()).isEmpty();
    assertThat(local.calls()).hasSize(1);
  }

  private static ClinicalRequest.Builder request(String role, PurposeOfUse purpose) {
    return ClinicalRequest.builder()
        .caller(Caller.of("u-" + role, role, "internal-medicine", purpose))
        .prompt("discharge-summary", "prod", Map.of())
        .timeout(java.time.Duration.ofSeconds(30));
  }
}
