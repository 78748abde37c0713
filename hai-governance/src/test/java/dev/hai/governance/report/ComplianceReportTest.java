package dev.hai.governance.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hai.core.Caller;
import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.ClinicalResult;
import dev.hai.core.InvalidRequestException;
import dev.hai.core.KillSwitch;
import dev.hai.core.PurposeOfUse;
import dev.hai.core.audit.AuditPolicyDecision;
import dev.hai.core.audit.AuditRecord;
import dev.hai.core.audit.FileAuditSink;
import dev.hai.core.policy.PolicyDecision;
import dev.hai.core.policy.PolicyInput;
import dev.hai.core.spi.PolicyEngine;
import dev.hai.core.testing.FakeBackend;
import dev.hai.core.testing.FakeTime;
import dev.hai.governance.internal.report.Renderers;
import dev.hai.governance.kill.FileKillSwitches;
import dev.hai.prompts.Experiment;
import dev.hai.prompts.PromptRegistry;
import dev.hai.prompts.SemVer;
import dev.hai.governance.report.ComplianceReport.Dimension;
import dev.hai.governance.report.ComplianceReport.Tally;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report over a real trail: a real client with a fake backend writes to a real FileAuditSink,
 * kill switches are flipped through FileKillSwitches, and the report reads the directory back.
 */
public class ComplianceReportTest {
  static final Instant DAY = Instant.parse("2026-11-26T00:00:00Z");
  static final String HOSTILE = "<script>alert(1)</script>|=cmd";

  @TempDir Path dir;
  Path auditDir;

  @BeforeEach
  void trail() throws IOException {
    auditDir = Files.createDirectory(dir.resolve("audit"));
    writeTrail(auditDir, dir.resolve("kill-switches.json"));
  }

  /**
   * Writes, one minute apart from 00:01 on {@link #DAY}: 3 successes (2 by u-1 on the
   * discharge-summary prompt's production label, 1.0.0, and 1 inline by a hostile actor id), a
   * kill-switch flip of the model, a disabled call, the revive, a resident's call the policy denies,
   * a real label move of production to 1.1.0 through the prompt registry, a success on 1.1.0 and a
   * resident's break-glass call the policy allows; and one success the day before (outside the
   * period). The prompts are a copy of examples/prompts.
   */
  public static void writeTrail(Path auditDir, Path switchFile) {
    FakeTime time = new FakeTime(DAY.minus(Duration.ofHours(16)));
    Path prompts = copyPrompts(switchFile.resolveSibling("prompts"));
    try (FileAuditSink sink = FileAuditSink.builder(auditDir).build();
        PromptRegistry registry = PromptRegistry.builder().directory(prompts).auditSink(sink).clock(time).build();
        FileKillSwitches switches = FileKillSwitches.builder(switchFile).auditSink(sink).clock(time)
            .watch(false).build();
        ClinicalModelClient client = ClinicalModelClient.builder().clock(time).backend(new FakeBackend("primary"))
            .promptResolver(registry).auditSink(sink).killSwitches(switches).policyEngine(RESIDENTS_NEED_BREAK_GLASS)
            .build()) {
      Caller u1 = Caller.of("u-1", "attending-physician", "cardiology", PurposeOfUse.TREATMENT);
      Caller hostile = Caller.of(HOSTILE, "nurse", "oncology", PurposeOfUse.OPERATIONS);
      Caller resident = Caller.of("u-2", "resident", "cardiology", PurposeOfUse.TREATMENT);
      ClinicalRequest discharge = ClinicalRequest.builder().caller(u1)
          .prompt("discharge-summary", "production", Map.of("note", "Synthetic note."))
          .build();
      // 1.1.0 also asks for the audience
      ClinicalRequest discharge110 = ClinicalRequest.builder().caller(u1)
          .prompt("discharge-summary", "production", Map.of("note", "Synthetic note.", "audience", "the GP"))
          .build();

      assertThat(client.call(discharge)).isInstanceOf(ClinicalResult.Success.class); // the day before
      time.advance(Duration.ofHours(16));
      step(time, () -> assertThat(client.call(discharge)).isInstanceOf(ClinicalResult.Success.class));
      step(time, () -> assertThat(client.call(discharge)).isInstanceOf(ClinicalResult.Success.class));
      step(time, () -> assertThat(client.call(ClinicalRequest.builder().caller(hostile).user("Hi").build()))
          .isInstanceOf(ClinicalResult.Success.class));
      step(time, () -> switches.kill(KillSwitch.Target.model("primary-model"), "ops-7", "INC-4411: wrong doses"));
      step(time, () -> assertThat(client.call(discharge)).isInstanceOf(ClinicalResult.Disabled.class));
      step(time, () -> switches.revive(KillSwitch.Target.model("primary-model"), "ops-7", "INC-4411 fixed"));
      ClinicalRequest byResident = discharge.toBuilder().caller(resident).build();
      step(time, () -> assertThat(client.call(byResident)).isInstanceOf(ClinicalResult.Denied.class));
      step(time, () -> registry.moveLabel("discharge-summary", "production", "1.1.0", "u-safety",
          "promote 1.1.0 after evaluation"));
      step(time, () -> assertThat(client.call(discharge110)).isInstanceOf(ClinicalResult.Success.class));
      step(time, () -> assertThat(client.call(discharge110.toBuilder().caller(resident)
          .breakGlass("Code blue, attending unreachable").build())).isInstanceOf(ClinicalResult.Success.class));
    }
  }

  private static Path copyPrompts(Path to) {
    Path from = Path.of("..", "examples", "prompts");
    try (var files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Files.copy(p, to.resolve(from.relativize(p).toString()));
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return to;
  }

  /**
   * The policy: residents may not use the discharge-summary prompt unless they claim emergency
   * access. Stands in for an OPA engine (tested against real OPA in its own tests): the report reads
   * what the policy stage records, whatever engine decided.
   */
  static final PolicyEngine RESIDENTS_NEED_BREAK_GLASS = new PolicyEngine() {
    private final AtomicInteger ids = new AtomicInteger();

    @Override
    public PolicyDecision evaluate(PolicyInput input) {
      boolean allow = !input.actor().role().equals("resident") || input.breakGlass().enabled();
      Map<String, Object> doc = allow ? Map.of("allow", true)
          : Map.of("allow", false, "reasons", List.of("only attending physicians may use discharge-summary"));
      return PolicyDecision.fromDocument(doc, "decision-" + ids.incrementAndGet(), "rev-7");
    }
  };

  private static void step(FakeTime time, Runnable r) {
    time.advance(Duration.ofMinutes(1));
    r.run();
  }

  private ComplianceReport report() {
    return ComplianceReport.read(DAY, DAY.plus(Duration.ofDays(1)), List.of(auditDir), Optional.empty());
  }

  private static List<Tally> tally(ComplianceReport r, Dimension d) {
    return r.tallies().get(d);
  }

  /* --- contents --- */

  @Test
  void read_realTrail_countsCallsByEveryDimensionWithinThePeriod() {
    ComplianceReport r = report();

    assertThat(r.calls()).isEqualTo(7);
    assertThat(tally(r, Dimension.OUTCOME)).containsExactly(
        new Tally("success", 5), new Tally("denied", 1), new Tally("disabled", 1));
    assertThat(tally(r, Dimension.ACTOR)).containsExactly(new Tally("u-1", 4), new Tally("u-2", 2), new Tally(HOSTILE, 1));
    assertThat(tally(r, Dimension.ROLE)).containsExactly(
        new Tally("attending-physician", 4), new Tally("resident", 2), new Tally("nurse", 1));
    assertThat(tally(r, Dimension.PURPOSE)).containsExactly(new Tally("TREATMENT", 6), new Tally("OPERATIONS", 1));
    assertThat(tally(r, Dimension.TENANT)).containsExactly(new Tally("cardiology", 6), new Tally("oncology", 1));
    assertThat(tally(r, Dimension.PROMPT)).containsExactly(
        new Tally("discharge-summary@1.0.0", 4), new Tally("discharge-summary@1.1.0", 2), new Tally("(none)", 1));
    assertThat(tally(r, Dimension.MODEL)).containsExactly(new Tally("primary-model", 5), new Tally("(none)", 2));
    assertThat(r.sources()).singleElement().satisfies(s -> {
      assertThat(s.verified()).isTrue();
      assertThat(s.records()).isEqualTo(10);
      assertThat(s.detail()).contains("11 records");
    });
  }

  @Test
  void read_realTrail_listsDenialsDisabledCallsFlipsAndLabelChanges() {
    ComplianceReport r = report();

    assertThat(r.denials()).singleElement().satisfies(d -> {
      assertThat(d.actorId()).isEqualTo("u-2");
      assertThat(d.role()).isEqualTo("resident");
      assertThat(d.detail()).isEqualTo("POLICY");
      assertThat(d.decisionId()).startsWith("decision-");
      assertThat(d.text()).isEqualTo("only attending physicians may use discharge-summary");
    });
    assertThat(r.breakGlass()).singleElement().satisfies(b -> {
      assertThat(b.actorId()).isEqualTo("u-2");
      assertThat(b.outcome()).isEqualTo("success");
      assertThat(b.prompt()).isEqualTo("discharge-summary@1.1.0");
      assertThat(b.text()).isEqualTo("Code blue, attending unreachable");
    });
    assertThat(r.disabled()).singleElement().satisfies(d -> {
      assertThat(d.detail()).isEqualTo("model:primary-model");
      assertThat(d.text()).contains("ops-7", "INC-4411: wrong doses");
    });
    assertThat(r.killSwitchFlips()).extracting(c -> c.from() + "->" + c.to() + " by " + c.actorId() + ": " + c.reason())
        .containsExactly("enabled->disabled by ops-7: INC-4411: wrong doses", "disabled->enabled by ops-7: INC-4411 fixed");
    assertThat(r.promptLabelChanges()).singleElement().satisfies(c -> {
      assertThat(c.subject()).isEqualTo("discharge-summary@production");
      assertThat(c.from()).isEqualTo("1.0.0");
      assertThat(c.to()).isEqualTo("1.1.0");
      assertThat(c.actorId()).isEqualTo("u-safety");
      assertThat(c.reason()).isEqualTo("promote 1.1.0 after evaluation");
    });
    assertThat(r.otherEvents()).isEmpty();
  }

  @Test
  void read_experimentStartAndEnd_areListedWithTheLabelChanges() throws IOException {
    Path audit = Files.createDirectory(dir.resolve("experiment-audit"));
    FakeTime time = new FakeTime(DAY.plus(Duration.ofHours(1)));
    Experiment concise = new Experiment("concise-2026", "production", List.of(
        new Experiment.Arm("a", SemVer.parse("1.0.0"), 50), new Experiment.Arm("b", SemVer.parse("1.1.0"), 50)));
    try (FileAuditSink sink = FileAuditSink.builder(audit).build();
        PromptRegistry registry = PromptRegistry.builder().directory(copyPrompts(dir.resolve("experiment-prompts")))
            .auditSink(sink).clock(time).build()) {
      registry.startExperiment("discharge-summary", concise, "u-safety", "is 1.1.0 more concise?");
      time.advance(Duration.ofMinutes(1));
      registry.endExperiment("discharge-summary", "concise-2026", "u-safety", "enough data");
    }

    ComplianceReport r = ComplianceReport.read(DAY, DAY.plus(Duration.ofDays(1)), List.of(audit), Optional.empty());

    assertThat(r.promptLabelChanges()).extracting(c -> c.kind() + " " + c.subject() + " by " + c.actorId() + ": "
            + c.reason())
        .containsExactly("prompt.experiment.start discharge-summary#concise-2026 by u-safety: is 1.1.0 more concise?",
            "prompt.experiment.end discharge-summary#concise-2026 by u-safety: enough data");
    assertThat(r.promptLabelChanges().get(0).to()).contains("a=1.0.0", "b=1.1.0");
    assertThat(r.otherEvents()).isEmpty();
    assertThat(ReportFormat.MARKDOWN.render(r))
        .contains("## Prompt label changes and experiments", "prompt.experiment.start");
  }

  @Test
  void read_breakGlassClaimOnCallsThatNeverReachedThePolicy_isListed() throws IOException {
    Path audit = Files.createDirectory(dir.resolve("break-glass-audit"));
    FakeTime time = new FakeTime(DAY.plus(Duration.ofHours(1)));
    Caller resident = Caller.of("u-2", "resident", "cardiology", PurposeOfUse.EMERGENCY_TREATMENT);
    try (FileAuditSink sink = FileAuditSink.builder(audit).build();
        FileKillSwitches switches = FileKillSwitches.builder(dir.resolve("break-glass-switches.json"))
            .auditSink(sink).clock(time).watch(false).build();
        ClinicalModelClient client = ClinicalModelClient.builder().clock(time).backend(new FakeBackend("primary"))
            .auditSink(sink).killSwitches(switches).policyEngine(RESIDENTS_NEED_BREAK_GLASS).build()) {
      // no prompt registry: a prompt reference is rejected before the policy stage
      assertThat(client.call(ClinicalRequest.builder().caller(resident)
          .prompt("discharge-summary", "production", Map.of())
          .breakGlass("Code blue for Mr. John Smith, attending unreachable").build()))
          .isInstanceOf(ClinicalResult.Rejected.class);
      time.advance(Duration.ofMinutes(1));
      switches.kill(KillSwitch.Target.tenant("cardiology"), "ops-7", "INC-4412");
      time.advance(Duration.ofMinutes(1));
      assertThat(client.call(ClinicalRequest.builder().caller(resident).user("Summarise.").breakGlass("").build()))
          .isInstanceOf(ClinicalResult.Disabled.class);
    }

    ComplianceReport r = ComplianceReport.read(DAY, DAY.plus(Duration.ofDays(1)), List.of(audit), Optional.empty());

    assertThat(r.breakGlass()).hasSize(2);
    assertThat(r.breakGlass().get(0).outcome()).isEqualTo("rejected");
    assertThat(r.breakGlass().get(0).text()).contains("attending unreachable").doesNotContain("Smith");
    assertThat(r.breakGlass().get(1).outcome()).isEqualTo("disabled");
    assertThat(r.breakGlass().get(1).text()).isEmpty(); // claimed without a justification: listed all the same
    assertThat(r.breakGlass()).allSatisfy(b -> assertThat(b.decisionId()).isNull());
  }

  @Test
  void of_recordWrittenBeforeTheBreakGlassField_isListedFromItsPolicyDecision() {
    AuditRecord old = AuditRecord.builder().id(java.util.UUID.randomUUID()).time(DAY.plusSeconds(60))
        .callId(java.util.UUID.randomUUID()).tenant("cardiology").actorId("u-2").actorRole("resident")
        .purposeOfUse("EMERGENCY_TREATMENT").outcome("success")
        .policyDecision(new AuditPolicyDecision("decision-9", "rev-7", "allow", true, "Code blue"))
        .build();

    ComplianceReport r = ComplianceReport.of(DAY, DAY.plus(Duration.ofDays(1)), List.of(old));

    assertThat(r.breakGlass()).singleElement().satisfies(b -> {
      assertThat(b.text()).isEqualTo("Code blue");
      assertThat(b.decisionId()).isEqualTo("decision-9");
    });
  }

  @Test
  void of_shadowCallsCountAsCalls_shareChangesAsOtherEvents() {
    java.util.UUID primary = java.util.UUID.randomUUID();
    AuditRecord call = AuditRecord.builder().id(java.util.UUID.randomUUID()).time(DAY.plusSeconds(60))
        .callId(primary).tenant("cardiology").actorId("u-2").actorRole("resident").purposeOfUse("TREATMENT")
        .model("claude").outcome("success")
        .route(new dev.hai.core.audit.AuditRoute("summary", "claude", "champion", 100, null, null)).build();
    AuditRecord shadow = AuditRecord.builder().id(java.util.UUID.randomUUID()).time(DAY.plusSeconds(61))
        .callId(java.util.UUID.randomUUID()).tenant("cardiology").actorId("u-2").actorRole("resident")
        .purposeOfUse("TREATMENT").model("llama-70b").outcome(AuditRecord.EVENT_OUTCOME)
        .outcomeDetail("route.shadow")
        .route(new dev.hai.core.audit.AuditRoute("summary", "local-70b", "shadow", null, null, primary))
        .event(new dev.hai.core.audit.AuditEvent("route.shadow", "summary/local-70b", null, "success")).build();
    AuditRecord shares = AuditRecord.ofEvent(new dev.hai.core.audit.AuditEvent("route.shares", "summary", "100", "1000"),
        "*", "u-ml-lead", "rollout", "week 2", java.time.Clock.fixed(DAY.plusSeconds(62), java.time.ZoneOffset.UTC));

    ComplianceReport r = ComplianceReport.of(DAY, DAY.plus(Duration.ofDays(1)), List.of(call, shadow, shares));

    assertThat(r.calls()).isEqualTo(2);
    assertThat(r.tallies().get(ComplianceReport.Dimension.OUTCOME)).extracting(ComplianceReport.Tally::key)
        .containsExactlyInAnyOrder("success", "shadow:success");
    assertThat(r.tallies().get(ComplianceReport.Dimension.MODEL)).extracting(ComplianceReport.Tally::key)
        .containsExactlyInAnyOrder("claude", "llama-70b");
    assertThat(r.otherEvents()).singleElement().satisfies(c -> assertThat(c.kind()).isEqualTo("route.shares"));
  }

  @Test
  void read_periodBeforeTheTrail_isEmpty() {
    ComplianceReport r = ComplianceReport.read(DAY.minus(Duration.ofDays(30)), DAY.minus(Duration.ofDays(20)),
        List.of(auditDir), Optional.empty());
    assertThat(r.calls()).isZero();
    assertThat(r.killSwitchFlips()).isEmpty();
    assertThat(ReportFormat.MARKDOWN.render(r)).contains("No call was denied.");
  }

  @Test
  void read_badPeriodOrDirectory_isRefusedClearly() {
    assertThatThrownBy(() -> ComplianceReport.read(DAY, DAY, List.of(auditDir), Optional.empty()))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("must be after");
    assertThatThrownBy(() -> ComplianceReport.read(DAY, DAY.plusSeconds(1), List.of(dir.resolve("nope")), Optional.empty()))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("not a directory");
  }

  @Test
  void read_tamperedLog_isStillReadAndMarkedUnverified() throws IOException {
    Path log;
    try (var files = Files.list(auditDir)) {
      log = files.filter(p -> p.toString().endsWith(".jsonl")).sorted().reduce((a, b) -> b).orElseThrow();
    }
    Files.writeString(log, Files.readString(log).replace("INC-4411 fixed", "INC-4411 fixes"));

    ComplianceReport r = report();

    assertThat(r.sources().get(0).verified()).isFalse();
    assertThat(r.sources().get(0).detail()).startsWith("BROKEN");
    assertThat(ReportFormat.HTML.render(r)).contains("<td>NO</td>");
  }

  @Test
  void read_logWithALineThatIsNotARecord_isStillReportedAndMarkedUnverified() throws IOException {
    // given: a line that does not parse (a torn write, an edit) in the middle of the log
    long intact = report().sources().get(0).records();
    Path log;
    try (var files = Files.list(auditDir)) {
      log = files.filter(p -> p.toString().endsWith(".jsonl")).sorted().reduce((a, b) -> b).orElseThrow();
    }
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(log));
    lines.add(lines.size() / 2, "{\"id\": \"not a record");
    Files.write(log, lines);

    // when
    ComplianceReport r = report();
    int exit = dev.hai.governance.GovernanceCli.run("report", "--from", "2026-11-26", "--to", "2026-11-26",
        "--out", dir.resolve("report.md").toString(), auditDir.toString());

    // then: the report is written, says the log is broken, and holds the records before the bad line
    assertThat(r.sources().get(0).verified()).isFalse();
    assertThat(r.sources().get(0).detail()).startsWith("BROKEN").contains("could not be read");
    assertThat(r.sources().get(0).records()).isPositive().isLessThan(intact);
    assertThat(exit).isEqualTo(1);
    assertThat(Files.readString(dir.resolve("report.md"))).contains("could not be read");
  }

  /* --- formats --- */

  @Test
  void html_escapesEverythingFromTheRecords() {
    String html = ReportFormat.HTML.render(report());

    assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;|=cmd");
    assertThat(html).contains("<h2>Kill-switch flips</h2>", "<td>INC-4411: wrong doses</td>");
  }

  @Test
  void markdown_escapesPipesAndHtmlInCells() {
    String md = ReportFormat.MARKDOWN.render(report());

    assertThat(md).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;\\|=cmd");
    assertThat(md).contains("## Calls by actor", "| u-1 | 4 |", "## Prompt label changes");
    // every table row has as many cells as its header
    for (String line : md.lines().filter(l -> l.contains("killswitch.flip")).toList()) {
      assertThat(line.replace("\\|", "").chars().filter(c -> c == '|').count()).isEqualTo(10);
    }
  }

  @Test
  void csv_quotesAndDefusesFormulas() {
    String csv = ReportFormat.CSV.render(report());
    List<String> lines = csv.lines().toList();

    assertThat(lines.get(0)).isEqualTo(
        "section,key,count,time,call_id,tenant,actor,role,purpose,prompt,model,outcome,detail,decision_id,kind,subject,from,to,text");
    assertThat(lines).contains("calls_by_actor,u-1,4,,,,,,,,,,,,,,,,");
    assertThat(lines).anyMatch(l -> l.startsWith("calls_by_actor,<script>alert(1)</script>|=cmd,1,"));
    assertThat(lines).anyMatch(l -> l.startsWith("kill_switch_flip,,,") && l.endsWith(",model:primary-model,enabled,disabled,INC-4411: wrong doses"));
    assertThat(Renderers.csvCell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
    assertThat(Renderers.csvCell("a,b")).isEqualTo("\"a,b\"");
    assertThat(Renderers.csvCell("plain")).isEqualTo("plain");
  }

  @Test
  void render_sameRecords_sameBytes() {
    assertThat(ReportFormat.CSV.render(report())).isEqualTo(ReportFormat.CSV.render(report()));
  }
}
