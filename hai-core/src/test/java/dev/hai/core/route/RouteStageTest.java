package dev.hai.core.route;

import static dev.hai.core.route.RouteFixtures.PATIENT_KEY;
import static dev.hai.core.route.RouteFixtures.RESOLVER;
import static dev.hai.core.route.RouteFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.ClinicalResult;
import dev.hai.core.InvalidRequestException;
import dev.hai.core.KillSwitch;
import dev.hai.core.audit.AuditLogReader;
import dev.hai.core.audit.AuditRecord;
import dev.hai.core.audit.FileAuditSink;
import dev.hai.core.policy.PolicyDecision;
import dev.hai.core.route.RouteFixtures.Backend;
import dev.hai.core.spi.KillSwitches;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The route stage in a real client: which arm serves, what is recorded, what is obeyed. */
class RouteStageTest {
  @TempDir Path dir;

  private final Backend champion = new Backend("cloud", "champion answer");
  private final Backend challenger = new Backend("gpu", "challenger answer");

  private static Route route(int share) {
    return Route.builder("summary")
        .champion(Arm.builder("claude").backend("cloud").build())
        .challenger(Arm.builder("local-8b").backend("gpu").model("llama-8b").build(), share)
        .build();
  }

  private ClinicalModelClient.Builder client(RouteTable table) {
    return ClinicalModelClient.builder().backend(champion).backend(challenger).promptResolver(RESOLVER)
        .routes(table);
  }

  /** A subject the route assigns to the challenger at {@code share}, or to the champion. */
  private static String subject(boolean toChallenger, int share) {
    for (int i = 0; ; i++) {
      String s = "MRN-" + i;
      if ((RouteTable.bucket("summary", s) < share) == toChallenger) {
        return s;
      }
    }
  }

  /* --- assignment --- */

  @Test
  void call_challengerSubject_servedByChallengerBackendAndModel() {
    try (RouteTable table = RouteTable.builder().route(route(5_000)).build()) {
      ClinicalModelClient c = client(table).build();

      ClinicalResult r = c.call(request(subject(true, 5_000)));

      assertThat(r).isInstanceOf(ClinicalResult.Success.class);
      assertThat(((ClinicalResult.Success) r).text()).isEqualTo("challenger answer");
      assertThat(r.metadata().backend()).isEqualTo("gpu");
      assertThat(r.metadata().model()).isEqualTo("llama-8b");
      assertThat(r.metadata().route()).isEqualTo(new RouteInfo("summary", "local-8b", ArmRole.CHALLENGER, 5_000, null));
      assertThat(champion.calls).isEmpty();
    }
  }

  @Test
  void call_sameSubject_sameArmEveryTime() {
    try (RouteTable table = RouteTable.builder().route(route(5_000)).build()) {
      ClinicalModelClient c = client(table).build();
      for (int p = 0; p < 20; p++) {
        String arm = c.call(request("MRN-" + p)).metadata().route().arm();
        for (int i = 0; i < 5; i++) {
          assertThat(c.call(request("MRN-" + p)).metadata().route().arm()).isEqualTo(arm);
        }
      }
    }
  }

  @Test
  void call_notARoutedPrompt_noRouteInfo() {
    try (RouteTable table = RouteTable.builder().route(route(10_000)).build()) {
      ClinicalModelClient c = client(table).build();
      ClinicalRequest other = ClinicalRequest.builder().caller(RouteFixtures.CALLER)
          .prompt("triage", "production", Map.of("note", "x")).build();
      ClinicalRequest inline = ClinicalRequest.builder().caller(RouteFixtures.CALLER).user("hello").build();

      assertThat(c.call(other).metadata().route()).isNull();
      assertThat(c.call(inline).metadata().route()).isNull();
      assertThat(c.call(other).metadata().backend()).isEqualTo("cloud"); // the first backend, as without routes
    }
  }

  @Test
  void call_noPatient_assignedByCallId() {
    try (RouteTable table = RouteTable.builder().route(route(5_000)).build()) {
      ClinicalModelClient c = client(table).build();
      ClinicalRequest anonymous = ClinicalRequest.builder().caller(RouteFixtures.CALLER)
          .prompt("summary", "production", Map.of("note", "x")).build();
      int toChallenger = 0;
      for (int i = 0; i < 200; i++) {
        if (c.call(anonymous).metadata().route().role() == ArmRole.CHALLENGER) {
          toChallenger++;
        }
      }
      assertThat(toChallenger).isBetween(60, 140); // per call: both arms serve
    }
  }

  @Test
  void subjectKey_customFunction_isSticky() {
    try (RouteTable table = RouteTable.builder().route(route(5_000))
        .subjectKey(r -> r.policyFacts().actorAttributes().get("encounter")).build()) {
      ClinicalModelClient c = client(table).build();
      ClinicalRequest enc = ClinicalRequest.builder().caller(RouteFixtures.CALLER)
          .prompt("summary", "production", Map.of("note", "x")).actorAttribute("encounter", "E-77").build();
      String arm = c.call(enc).metadata().route().arm();
      String expected = RouteTable.bucket("summary", "E-77") < 5_000 ? "local-8b" : "claude";
      assertThat(arm).isEqualTo(expected);
    }
  }

  /* --- obligations and kill switches --- */

  @Test
  void call_challengerNotAllowedByPolicy_championServesAndReasonRecorded() throws Exception {
    try (FileAuditSink sink = FileAuditSink.builder(dir).build();
        RouteTable table = RouteTable.builder().route(route(10_000)).auditSink(sink).build()) {
      ClinicalModelClient c = client(table).auditSink(sink).auditPatientKey(PATIENT_KEY)
          .policyEngine(input -> PolicyDecision.fromDocument(
              Map.of("allow", true, "obligations", Map.of("allowed_models", List.of("cloud"))), "d-1", null))
          .build();

      ClinicalResult r = c.call(request("MRN-1"));

      assertThat(((ClinicalResult.Success) r).text()).isEqualTo("champion answer");
      RouteInfo info = r.metadata().route();
      assertThat(info.role()).isEqualTo(ArmRole.CHAMPION);
      assertThat(info.assignedRole()).isEqualTo(ArmRole.CHALLENGER);
      assertThat(info.reason()).contains("allowed_models");
      assertThat(challenger.calls).isEmpty();
      AuditRecord rec = AuditLogReader.readAll(dir).get(0);
      assertThat(rec.route().role()).isEqualTo("champion");
      assertThat(rec.route().reason()).contains("allowed_models");
    }
  }

  @Test
  void call_challengerModelKilled_championServes() {
    KillSwitch.Target t = KillSwitch.Target.parse("model:llama-8b");
    KillSwitches switches = target -> target.equals(t)
        ? Optional.of(new KillSwitch(t, "ops", "incident 7", Instant.parse("2026-11-26T00:00:00Z")))
        : Optional.empty();
    try (RouteTable table = RouteTable.builder().route(route(10_000)).build()) {
      ClinicalModelClient c = client(table).killSwitches(switches).build();

      ClinicalResult r = c.call(request("MRN-1"));

      assertThat(r.metadata().backend()).isEqualTo("cloud");
      assertThat(r.metadata().route().reason()).contains("kill switch").contains("model:llama-8b");
      assertThat(challenger.calls).isEmpty();
    }
  }

  @Test
  void call_externalChallengerUnderRedactPhi_getsMaskedMessages() {
    Backend external = new Backend("openai", dev.hai.core.spi.Hosting.EXTERNAL, call -> "ext");
    Route r = Route.builder("summary").champion(Arm.builder("claude").backend("cloud").build())
        .challenger(Arm.builder("gpt").backend("openai").build(), 10_000).build();
    try (RouteTable table = RouteTable.builder().route(r).build()) {
      ClinicalModelClient c = ClinicalModelClient.builder().backend(champion).backend(external)
          .promptResolver(RESOLVER).routes(table)
          .policyEngine(input -> PolicyDecision.fromDocument(
              Map.of("allow", true, "obligations", Map.of("redact_phi", true)), "d-1", null))
          .build();

      c.call(request("MRN-1"));

      String sent = external.calls.get(0).messages().get(0).content();
      assertThat(sent).doesNotContain("555-123-4567");
    }
  }

  /* --- prompt versions --- */

  @Test
  void call_armWithPromptVersion_usesAndRecordsIt() throws Exception {
    Route r = Route.builder("summary").champion(Arm.builder("v1").backend("cloud").build())
        .challenger(Arm.builder("v2").backend("cloud").promptSelector("2.0.0").build(), 10_000).build();
    try (FileAuditSink sink = FileAuditSink.builder(dir).build();
        RouteTable table = RouteTable.builder().route(r).auditSink(sink).build()) {
      ClinicalModelClient c = client(table).auditSink(sink).auditPatientKey(PATIENT_KEY).build();

      ClinicalResult res = c.call(request("MRN-1"));

      assertThat(res.metadata().prompt().version()).isEqualTo("2.0.0");
      assertThat(champion.calls.get(0).messages().get(0).content()).startsWith("Summarise (v2.0.0)");
      AuditRecord rec = AuditLogReader.readAll(dir).get(0);
      assertThat(rec.promptVersion()).isEqualTo("2.0.0");
      assertThat(rec.route().arm()).isEqualTo("v2");
      assertThat(rec.route().challengerShare()).isEqualTo(10_000);
    }
  }

  /* --- budget --- */

  @Test
  void budget_pricesTheRouteArmsModels() {
    Backend cloud = new Backend("anthropic", dev.hai.core.spi.Hosting.EXTERNAL, call -> "ok");
    Route r = Route.builder("summary").champion(Arm.builder("sonnet").backend("anthropic")
            .model("claude-sonnet-4-5").build())
        .challenger(Arm.builder("mystery").backend("anthropic").model("mystery-model").build(), 0).build();
    dev.hai.core.cost.CostTracking cost = dev.hai.core.cost.CostTracking.builder()
        .budget(dev.hai.core.cost.Budget.tenant("cardiology").daily(dev.hai.core.cost.Money.of("USD", "100")).build())
        .build();
    try (RouteTable table = RouteTable.builder().route(r).build()) {
      ClinicalModelClient c = ClinicalModelClient.builder().backend(cloud).promptResolver(RESOLVER)
          .routes(table).costTracking(cost).build();

      ClinicalResult res = c.call(request("MRN-1"));

      // The challenger (0 %) could serve after a share change: its model must be priced too.
      assertThat(res).isInstanceOf(ClinicalResult.Rejected.class);
      assertThat(((ClinicalResult.Rejected) res).reason()).contains("no price for model 'mystery-model'");
      assertThat(cloud.calls).isEmpty();
    }
  }

  @Test
  void budget_routedCallIsCostedAtItsArmsModel() {
    Backend cloud = new Backend("anthropic", dev.hai.core.spi.Hosting.EXTERNAL, call -> "ok");
    Route r = Route.builder("summary").champion(Arm.builder("opus").backend("anthropic")
        .model("claude-opus-4-5").build()).build();
    // The backend's own default model ("anthropic-model") has no price; the arm's model has one.
    dev.hai.core.cost.CostTracking cost = dev.hai.core.cost.CostTracking.builder().allowUnpricedModels(true).build();
    try (RouteTable table = RouteTable.builder().route(r).build()) {
      ClinicalModelClient c = ClinicalModelClient.builder().backend(cloud).promptResolver(RESOLVER)
          .routes(table).costTracking(cost).build();

      ClinicalResult res = c.call(request("MRN-1"));

      assertThat(res).isInstanceOf(ClinicalResult.Success.class);
      dev.hai.core.cost.Money expected = cost.prices()
          .lookup("claude-opus-4-5", java.time.LocalDate.now(java.time.ZoneOffset.UTC))
          .cost(dev.hai.core.Usage.of(10, 4));
      assertThat(res.metadata().cost()).isEqualTo(expected);
    }
  }

  /** Version 1.0.0: a short prompt capped at 10 output tokens; 2.0.0: a long prompt with no cap of its own. */
  private static final dev.hai.core.spi.PromptResolver SHORT_AND_LONG = ref -> ref.selector().equals("2.0.0")
      ? new dev.hai.core.spi.ResolvedPrompt(List.of(dev.hai.core.ChatMessage.user("x".repeat(200_000))),
          new dev.hai.core.PromptInfo(ref.promptId(), "2.0.0", "cd".repeat(32)), dev.hai.core.GenerationParameters.none())
      : new dev.hai.core.spi.ResolvedPrompt(List.of(dev.hai.core.ChatMessage.user("Summarise.")),
          new dev.hai.core.PromptInfo(ref.promptId(), "1.0.0", "ab".repeat(32)),
          dev.hai.core.GenerationParameters.builder().maxTokens(10).build());

  private ClinicalResult budgetedCallToPromptVersionChallenger(String dailyLimit) {
    Backend cloud = new Backend("anthropic", dev.hai.core.spi.Hosting.EXTERNAL, call -> "ok");
    Route r = Route.builder("summary").champion(Arm.builder("v1").backend("anthropic").model("claude-sonnet-4-5")
            .build())
        .challenger(Arm.builder("v2").backend("anthropic").model("claude-sonnet-4-5").promptSelector("2.0.0").build(),
            10_000).build();
    dev.hai.core.cost.CostTracking cost = dev.hai.core.cost.CostTracking.builder()
        .budget(dev.hai.core.cost.Budget.tenant("cardiology").daily(dev.hai.core.cost.Money.of("USD", dailyLimit))
            .build())
        .allowUnpricedModels(true) // the backend's own default model; the arms' model has a price
        .build();
    try (RouteTable table = RouteTable.builder().route(r).build()) {
      ClinicalModelClient c = ClinicalModelClient.builder().backend(cloud).promptResolver(SHORT_AND_LONG)
          .routes(table).costTracking(cost).build();
      ClinicalResult res = c.call(request("MRN-1"));
      lastCalls = cloud.calls;
      return res;
    }
  }

  private List<dev.hai.core.spi.ModelCall> lastCalls;

  @Test
  void budget_worstCaseCoversTheChallengersOwnPromptVersion() {
    // The challenger's prompt is 200,000 bytes (at most that many input tokens, about $0.60 at
    // claude-sonnet-4-5's input price), the champion's a few: a $0.05 budget holds the champion's
    // worst case but not the challenger's, which serves every call.
    ClinicalResult res = budgetedCallToPromptVersionChallenger("0.05");

    assertThat(res).isInstanceOf(ClinicalResult.BudgetExceeded.class);
    assertThat(lastCalls).isEmpty();
  }

  @Test
  void budget_challengerPromptWithoutOutputCap_isSentCapped() {
    // The champion's prompt caps the output at 10 tokens, the challenger's sets no cap: under a
    // budget every call needs a bounded worst case, so the challenger must not go out uncapped.
    ClinicalResult res = budgetedCallToPromptVersionChallenger("100");

    assertThat(res).isInstanceOf(ClinicalResult.Success.class);
    assertThat(res.metadata().route().arm()).isEqualTo("v2");
    assertThat(lastCalls.get(0).parameters().maxTokens()).isNotNull();
  }

  /* --- runtime shares --- */

  @Test
  void setShares_audited_andLaterCallsFollow() throws Exception {
    String s = subject(true, 1_000); // a subject the challenger takes at 10 %
    int bucket = RouteTable.bucket("summary", s);
    try (FileAuditSink sink = FileAuditSink.builder(dir).build();
        RouteTable table = RouteTable.builder().route(route(0)).auditSink(sink).build()) {
      ClinicalModelClient c = client(table).auditSink(sink).auditPatientKey(PATIENT_KEY).build();
      assertThat(c.call(request(s)).metadata().route().role()).isEqualTo(ArmRole.CHAMPION);

      table.setShares("summary", 1_000, "u-ml-lead", "week 2: 0% -> 10%");

      assertThat(bucket).isLessThan(1_000);
      RouteInfo after = c.call(request(s)).metadata().route();
      assertThat(after.role()).isEqualTo(ArmRole.CHALLENGER);
      assertThat(after.challengerShare()).isEqualTo(1_000);
      AuditRecord event = AuditLogReader.readAll(dir).stream().filter(AuditRecord::isEvent).findFirst().orElseThrow();
      assertThat(event.event().kind()).isEqualTo("route.shares");
      assertThat(event.event().subject()).isEqualTo("summary");
      assertThat(event.event().from()).isEqualTo("0");
      assertThat(event.event().to()).isEqualTo("1000");
      assertThat(event.actorId()).isEqualTo("u-ml-lead");
      assertThat(event.outcomeReason()).isEqualTo("week 2: 0% -> 10%");
    }
  }

  @Test
  void setShares_badInput_refusedAndNothingRecorded() throws Exception {
    try (FileAuditSink sink = FileAuditSink.builder(dir).build();
        RouteTable table = RouteTable.builder().route(route(100)).auditSink(sink).build()) {
      assertThatThrownBy(() -> table.setShares("nope", 100, "u", "why")).isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("no route named 'nope'");
      assertThatThrownBy(() -> table.setShares("summary", 10_001, "u", "why")).isInstanceOf(InvalidRequestException.class);
      assertThatThrownBy(() -> table.setShares("summary", 500, "u", " ")).isInstanceOf(InvalidRequestException.class);
      table.setShares("summary", 100, "u", "no change");
      assertThat(table.route("summary").orElseThrow().challengerShare()).isEqualTo(100);
    }
    assertThat(AuditLogReader.readAll(dir)).isEmpty();
  }

  /* --- configuration --- */

  @Test
  void build_armNamesUnknownBackend_refused() {
    Route r = Route.builder("summary").champion(Arm.builder("x").backend("nowhere").build()).build();
    try (RouteTable table = RouteTable.builder().route(r).build()) {
      assertThatThrownBy(() -> client(table).build())
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("names backend 'nowhere', which the client does not have");
    }
  }

  @Test
  void build_armPromptVersionWithoutResolver_refused() {
    Route r = Route.builder("summary").champion(Arm.builder("v2").backend("cloud").promptSelector("2.0.0").build())
        .build();
    try (RouteTable table = RouteTable.builder().route(r).build()) {
      assertThatThrownBy(() -> ClinicalModelClient.builder().backend(champion).routes(table).build())
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("no prompt resolver");
    }
  }

  @Test
  void build_auditedClientWithUnauditedTable_refused() throws Exception {
    try (FileAuditSink sink = FileAuditSink.builder(dir).build();
        RouteTable table = RouteTable.builder().route(route(0)).build()) {
      assertThatThrownBy(() -> client(table).auditSink(sink).build())
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("client's audit sink");
    }
  }

  @Test
  void armOwnBackend_servesAndIsClosedWithTheTable() {
    Backend own = new Backend("gpu-box", "own answer");
    Route r = Route.builder("summary").champion(Arm.builder("claude").backend("cloud").build())
        .challenger(Arm.builder("box").backend(own).build(), 10_000).build();
    RouteTable table = RouteTable.builder().route(r).build();
    ClinicalModelClient c = ClinicalModelClient.builder().backend(champion).promptResolver(RESOLVER).routes(table)
        .build();

    assertThat(((ClinicalResult.Success) c.call(request("MRN-1"))).text()).isEqualTo("own answer");
    table.close();
    assertThat(own.closed).isTrue();
  }

  @Test
  void describe_listsTheRouteStage() {
    try (RouteTable table = RouteTable.builder().route(route(1_000)).build()) {
      String d = client(table).build().describe();
      assertThat(d).contains("route    built-in  summary (prompt summary): champion claude, challenger local-8b at 10%");
      assertThat(d.indexOf("route    built-in")).isLessThan(d.indexOf("model    built-in"));
    }
  }
}
