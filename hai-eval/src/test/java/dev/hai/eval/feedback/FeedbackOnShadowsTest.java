package dev.hai.eval.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hai.core.Caller;
import dev.hai.core.ChatMessage;
import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.ClinicalResult;
import dev.hai.core.GenerationParameters;
import dev.hai.core.PromptInfo;
import dev.hai.core.PurposeOfUse;
import dev.hai.core.audit.AuditLogReader;
import dev.hai.core.audit.AuditRecord;
import dev.hai.core.audit.FileAuditSink;
import dev.hai.core.route.Arm;
import dev.hai.core.route.Route;
import dev.hai.core.route.RouteTable;
import dev.hai.core.spi.ResolvedPrompt;
import dev.hai.eval.FunctionBackend;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feedback is on answers clinicians saw: a shadow's id, a share change's id and an audit record's
 * own id are refused as unknown calls, read from a real audit log with a real shadow in it.
 */
class FeedbackOnShadowsTest {
  @TempDir Path dir;

  @Test
  void shadowCallIds_eventIds_andRecordIds_areUnknownCalls() throws Exception {
    Path audit = dir.resolve("audit");
    UUID primary;
    try (FileAuditSink sink = FileAuditSink.builder(audit).build()) {
      RouteTable routes = RouteTable.builder()
          .route(Route.builder("summary").champion(Arm.builder("v1").backend("function").build())
              .challenger(Arm.builder("v2").backend("function").build(), 0)
              .shadow(Arm.builder("s1").backend("function").build()).build())
          .auditSink(sink).build();
      try (routes; ClinicalModelClient client = ClinicalModelClient.builder().backend(new FunctionBackend(prompt -> "Stable.", 0))
          .promptResolver(ref -> new ResolvedPrompt(List.of(ChatMessage.user("Summarise.")),
              new PromptInfo(ref.promptId(), "1.0.0", "ab".repeat(32)), GenerationParameters.none()))
          .routes(routes).auditSink(sink).build()) {
        ClinicalResult r = client.call(ClinicalRequest.builder()
            .caller(Caller.of("u-1", "physician", "cardiology", PurposeOfUse.TREATMENT))
            .prompt("summary", "production", Map.of()).build());
        assertThat(r).isInstanceOf(ClinicalResult.Success.class);
        primary = r.callId();
        routes.setShares("summary", 1_000, "u-ml-lead", "start the rollout");
      } // closing the route table waits for the shadow
    }
    List<AuditRecord> records = AuditLogReader.readAll(audit);
    AuditRecord shadow = records.stream()
        .filter(a -> a.isEvent() && a.event().kind().equals(RouteTable.SHADOW_EVENT)).findFirst().orElseThrow();
    AuditRecord shares = records.stream()
        .filter(a -> a.isEvent() && !a.event().kind().equals(RouteTable.SHADOW_EVENT)).findFirst().orElseThrow();
    AuditRecord call = records.stream().filter(a -> primary.equals(a.callId())).findFirst().orElseThrow();
    Instant later = Instant.now().plusSeconds(60);

    for (CallIndex index : List.of(CallIndex.auditLog(audit), CallIndex.of(records.stream()))) {
      try (JsonlFeedbackStore store = JsonlFeedbackStore.builder(dir.resolve(UUID.randomUUID() + ".jsonl"))
          .callIndex(index).build()) {
        for (UUID refused : List.of(shadow.callId(), shadow.id(), shares.callId(), shares.id(), call.id())) {
          assertThat(store.submit(Feedback.builder(refused, Verdict.CORRECT).clinician("u-2", "physician")
              .submittedAt(later).build())).as(refused.toString()).isInstanceOf(SubmitResult.UnknownCall.class);
        }
        assertThat(store.submit(Feedback.builder(primary, Verdict.CORRECT).clinician("u-2", "physician")
            .submittedAt(later).build())).isInstanceOf(SubmitResult.Accepted.class);
      }
    }
  }
}
