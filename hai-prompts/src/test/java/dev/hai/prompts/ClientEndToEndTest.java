package dev.hai.prompts;

import static dev.hai.prompts.PromptFiles.version;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hai.core.Caller;
import dev.hai.core.ChatMessage;
import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.ClinicalResult;
import dev.hai.core.PurposeOfUse;
import dev.hai.core.audit.AuditLogReader;
import dev.hai.core.audit.AuditRecord;
import dev.hai.core.audit.FileAuditSink;
import dev.hai.core.testing.FakeBackend;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry as a real client's prompt resolver: version, hash and arm in the result and the audit record. */
class ClientEndToEndTest {
  private static final Caller CALLER = Caller.of("u-1", "physician", "cardiology", PurposeOfUse.TREATMENT);
  private static final String NOTE = "Admitted with chest pain; troponin negative; discharged on aspirin.";

  @TempDir Path root;
  @TempDir Path auditDir;

  @Test
  void call_throughExperimentLabel_resultAndAuditRecordNameVersionHashLabelAndArm() {
    version(root, "discharge-summary", "1.1.0");
    version(root, "discharge-summary", "1.2.0");
    PromptFiles.experiment(root, "discharge-summary", "1.1.0", "control 1.1.0 1", "concise 1.2.0 1");
    FakeBackend backend = new FakeBackend("primary").thenAnswer("Summary.");
    String patient = "MRN-0047113";
    Experiment.Arm arm;
    PromptTemplate expected;
    ClinicalResult result;
    try (FileAuditSink sink = FileAuditSink.builder(auditDir).build();
        PromptRegistry prompts = PromptRegistry.builder().directory(root).build()) {
      arm = prompts.experiments("discharge-summary").get("concise-2026").assign(patient);
      expected = prompts.template("discharge-summary", arm.version().toString());
      ClinicalModelClient client = ClinicalModelClient.builder().backend(backend).promptResolver(prompts)
          .auditSink(sink).auditPatientKey(new byte[32]).build();
      result = client.call(ClinicalRequest.builder().caller(CALLER).patientId(patient)
          .prompt("discharge-summary", "production", Map.of("note", NOTE, "audience", "GP")).build());
    }

    assertThat(result).isInstanceOf(ClinicalResult.Success.class);
    assertThat(result.metadata().prompt()).satisfies(p -> {
      assertThat(p.version()).isEqualTo(arm.version().toString());
      assertThat(p.sha256()).isEqualTo(expected.sha256());
      assertThat(p.label()).isEqualTo("production");
      assertThat(p.experiment()).isEqualTo("concise-2026");
      assertThat(p.arm()).isEqualTo(arm.name());
    });
    assertThat(backend.calls()).singleElement().satisfies(c -> {
      assertThat(c.messages()).isEqualTo(expected.render(Map.of("note", NOTE, "audience", "GP")));
      assertThat(c.model()).isEqualTo("summary-model");
      assertThat(c.parameters().maxTokens()).isEqualTo(400);
    });
    List<AuditRecord> records = AuditLogReader.readAll(auditDir);
    assertThat(records).singleElement().satisfies(r -> {
      assertThat(r.promptId()).isEqualTo("discharge-summary");
      assertThat(r.promptVersion()).isEqualTo(arm.version().toString());
      assertThat(r.promptSha256()).isEqualTo(expected.sha256());
      assertThat(r.promptLabel()).isEqualTo("production");
      assertThat(r.promptExperiment()).isEqualTo("concise-2026");
      assertThat(r.promptArm()).isEqualTo(arm.name());
    });
  }

  @Test
  void call_withUndeclaredVariable_isRejectedBeforeTheModelAndRecorded() {
    version(root, "discharge-summary", "1.1.0");
    FakeBackend backend = new FakeBackend("primary");
    ClinicalResult result;
    try (FileAuditSink sink = FileAuditSink.builder(auditDir).build();
        PromptRegistry prompts = PromptRegistry.builder().directory(root).build()) {
      result = ClinicalModelClient.builder().backend(backend).promptResolver(prompts).auditSink(sink).build()
          .call(ClinicalRequest.builder().caller(CALLER)
              .prompt("discharge-summary", "1.1.0", Map.of("note", NOTE, "ward", "4B")).build());
    }
    assertThat(result).isInstanceOfSatisfying(ClinicalResult.Rejected.class, r -> {
      assertThat(r.field()).isEqualTo("prompt.variables.ward");
      assertThat(r.reason()).contains("undeclared variables [ward]");
    });
    assertThat(backend.calls()).isEmpty();
    assertThat(AuditLogReader.readAll(auditDir)).singleElement()
        .satisfies(r -> assertThat(r.outcome()).isEqualTo("rejected"));
  }

  @Test
  void messages_renderedForOneVersion_areThatVersionsTemplate() {
    version(root, "discharge-summary", "1.1.0");
    try (PromptRegistry prompts = PromptRegistry.builder().directory(root).build()) {
      assertThat(prompts.template("discharge-summary", "1.1.0").render(Map.of("note", "n")).get(1))
          .isEqualTo(ChatMessage.user("Summarise this note (prompt 1.1.0): n"));
    }
  }
}
