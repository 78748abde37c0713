package dev.hai.eval.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hai.core.Caller;
import dev.hai.core.ChatMessage;
import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.ClinicalResult;
import dev.hai.core.FinishReason;
import dev.hai.core.GenerationParameters;
import dev.hai.core.PromptInfo;
import dev.hai.core.PurposeOfUse;
import dev.hai.core.Usage;
import dev.hai.core.audit.AuditLogReader;
import dev.hai.core.audit.AuditRecord;
import dev.hai.core.audit.FileAuditSink;
import dev.hai.core.route.Arm;
import dev.hai.core.route.FileRoutes;
import dev.hai.core.route.Route;
import dev.hai.core.route.RouteInfo;
import dev.hai.core.route.RouteTable;
import dev.hai.core.spi.BackendInfo;
import dev.hai.core.spi.Hosting;
import dev.hai.core.spi.ModelBackend;
import dev.hai.core.spi.ModelCall;
import dev.hai.core.spi.ModelResponse;
import dev.hai.core.spi.PromptResolver;
import dev.hai.core.spi.ResolvedPrompt;
import dev.hai.eval.EvalCli;
import dev.hai.eval.feedback.CallIndex;
import dev.hai.eval.feedback.Feedback;
import dev.hai.eval.feedback.FeedbackCategory;
import dev.hai.eval.feedback.JsonlFeedbackStore;
import dev.hai.eval.feedback.SubmitResult;
import dev.hai.eval.feedback.Verdict;
import dev.hai.prompts.PromptRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: a client with a champion / challenger route over two local backends, real audit
 * trail, simulated clinicians who find each arm's answers wrong at a known rate (seeded), feedback
 * through the JSON Lines store validated against the audit log, and the decision read back from the
 * audit log. The backends stand for models; what is tested is the pipeline's routing and audit, the
 * store and the engine together.
 */
class RolloutSimulationTest {
  private static final Caller CLINICIAN = Caller.of("u-1", "attending-physician", "cardiology", PurposeOfUse.TREATMENT);
  private static final byte[] PATIENT_KEY = "k".repeat(32).getBytes(StandardCharsets.UTF_8);
  private static final String ROUTE = "discharge-summary";
  /** Plan for +10 accuracy points so that a simulation of a few hundred calls per arm can conclude. */
  private static final RolloutCriteria CRITERIA = RolloutCriteria.builder().minimumEffect(0.10).build();

  @TempDir Path dir;

  /** A local model: answers name the arm, so the simulated clinician knows nothing else. */
  private record Model(String name) implements ModelBackend {
    @Override
    public BackendInfo info() {
      return new BackendInfo(name, "simulated", Hosting.LOCAL, name + "-model");
    }

    @Override
    public ModelResponse generate(ModelCall call) {
      return new ModelResponse("Summary by " + name, call.model(), Usage.of(20, 5), FinishReason.STOP, "stop", null);
    }
  }

  private static final PromptResolver PROMPTS = ref -> new ResolvedPrompt(
      List.of(ChatMessage.user("Summarise the note: " + ref.variables().get("note"))),
      new PromptInfo(ref.promptId(), "1.0.0", "ab".repeat(32)), GenerationParameters.none());

  /** What a simulation produced. */
  private record Run(Path audit, Path feedback, int accepted, Map<String, Integer> servedByArm) {}

  /**
   * Runs {@code calls} calls (one patient each) through the route at {@code share} basis points to
   * the challenger; a clinician answers {@code coverage} of them, finding an answer wrong with the
   * arm's error rate.
   */
  private Run simulate(String name, int calls, int share, double championError, double challengerError,
      double unsafeShareOfChallengerErrors, long seed) throws Exception {
    return simulate(name, calls, share, championError, challengerError, unsafeShareOfChallengerErrors, seed, null);
  }

  /** As above; with {@code prompts}, the arms are versions of a real prompt registry's prompt. */
  private Run simulate(String name, int calls, int share, double championError, double challengerError,
      double unsafeShareOfChallengerErrors, long seed, @Nullable Path prompts) throws Exception {
    Path audit = dir.resolve(name + "/audit");
    Path feedbackFile = dir.resolve(name + "/feedback.jsonl");
    List<ClinicalResult.Success> answered = new ArrayList<>();
    Map<String, Integer> served = new java.util.TreeMap<>();
    try (FileAuditSink sink = FileAuditSink.builder(audit).build();
        PromptRegistry registry = prompts == null ? null : PromptRegistry.builder().directory(prompts).build()) {
      Arm.Builder challengerArm = Arm.builder("v2").backend("challenger");
      if (prompts != null) {
        challengerArm.promptSelector("1.1.0");
      }
      RouteTable routes = RouteTable.builder()
          .route(Route.builder(ROUTE)
              .champion(Arm.builder("v1").backend("champion").build())
              .challenger(challengerArm.build(), share)
              .build())
          .auditSink(sink)
          .build();
      try (routes; ClinicalModelClient client = ClinicalModelClient.builder()
          .backend(new Model("champion"))
          .backend(new Model("challenger"))
          .promptResolver(registry == null ? PROMPTS : registry)
          .routes(routes)
          .auditSink(sink)
          .auditPatientKey(PATIENT_KEY)
          .build()) {
        for (int i = 0; i < calls; i++) {
          ClinicalResult r = client.call(ClinicalRequest.builder().caller(CLINICIAN)
              .prompt(ROUTE, "production", Map.of("note", "note " + i))
              .patientId("patient-" + seed + "-" + i).build());
          assertThat(r).isInstanceOf(ClinicalResult.Success.class);
          ClinicalResult.Success s = (ClinicalResult.Success) r;
          RouteInfo info = s.metadata().route();
          assertThat(info).isNotNull();
          served.merge(info.arm(), 1, Integer::sum);
          answered.add(s);
        }
      }
    }
    SplittableRandom random = new SplittableRandom(seed);
    int accepted = 0;
    FeedbackCategory[] ordinary = {FeedbackCategory.FACTUAL_ERROR, FeedbackCategory.OMISSION,
        FeedbackCategory.FORMATTING, FeedbackCategory.OTHER};
    try (JsonlFeedbackStore store = JsonlFeedbackStore.builder(feedbackFile)
        .callIndex(CallIndex.auditLog(audit)).build()) {
      for (ClinicalResult.Success s : answered) {
        if (random.nextDouble() >= 0.9) {
          continue; // this clinician did not respond
        }
        boolean challenger = s.metadata().route().arm().equals("v2");
        double error = challenger ? challengerError : championError;
        Verdict verdict = random.nextDouble() < error ? Verdict.INCORRECT : Verdict.CORRECT;
        Feedback.Builder f = Feedback.builder(s.callId(), verdict)
            .clinician("u-" + random.nextInt(5), "attending-physician").submittedAt(Instant.now());
        if (verdict == Verdict.INCORRECT) {
          f.category(challenger && random.nextDouble() < unsafeShareOfChallengerErrors ? FeedbackCategory.UNSAFE
              : ordinary[random.nextInt(ordinary.length)]);
        }
        SubmitResult r = store.submit(f.build());
        assertThat(r).isInstanceOf(SubmitResult.Accepted.class);
        accepted++;
      }
    }
    return new Run(audit, feedbackFile, accepted, served);
  }

  private static RolloutDecision decide(Run run) throws Exception {
    try (JsonlFeedbackStore store = JsonlFeedbackStore.builder(run.feedback()).callIndex(CallIndex.auditLog(run.audit()))
        .build()) {
      return DecisionEngine.of(CRITERIA).decide(RolloutData.fromAuditLog(run.audit(), ROUTE, store, null, null));
    }
  }

  /* --- decisions --- */

  @Test
  void betterChallenger_enoughFeedback_promoted() throws Exception {
    Run run = simulate("better", 800, 5_000, 0.25, 0.08, 0.0, 11);

    RolloutDecision d = decide(run);

    assertThat(d).as(String.join("; ", d.reasons())).isInstanceOf(RolloutDecision.Promote.class);
    RolloutEvidence e = d.evidence();
    assertThat(e.champion().arm()).isEqualTo("v1");
    assertThat(e.challenger().arm()).isEqualTo("v2");
    assertThat(e.champion().calls() + e.challenger().calls()).isEqualTo(800);
    assertThat(e.challenger().calls()).isEqualTo(run.servedByArm().get("v2").longValue());
    assertThat(e.champion().withFeedback() + e.challenger().withFeedback()).isEqualTo((long) run.accepted());
    assertThat(e.challenger().accuracy().contains(0.92)).isTrue();
    assertThat(e.champion().accuracy().contains(0.75)).isTrue();
    assertThat(e.samplePerArm()).isGreaterThanOrEqualTo(e.superioritySample());
  }

  @Test
  void worseChallenger_rolledBack() throws Exception {
    Run run = simulate("worse", 300, 5_000, 0.10, 0.35, 0.0, 12);

    RolloutDecision d = decide(run);

    assertThat(d).as(String.join("; ", d.reasons())).isInstanceOf(RolloutDecision.Rollback.class);
    assertThat(d.reasons().get(0)).contains("significantly lower");
  }

  @Test
  void unsafeChallenger_rolledBackThoughAsAccurate() throws Exception {
    Run run = simulate("unsafe", 300, 5_000, 0.10, 0.10, 1.0, 13);

    RolloutDecision d = decide(run);

    assertThat(d).as(String.join("; ", d.reasons())).isInstanceOf(RolloutDecision.Rollback.class);
    assertThat(d.reasons().get(0)).contains("UNSAFE");
  }

  @Test
  void betterChallenger_smallSample_keepTesting() throws Exception {
    Run run = simulate("small", 60, 5_000, 0.25, 0.08, 0.0, 14);

    RolloutDecision d = decide(run);

    assertThat(d).as(String.join("; ", d.reasons())).isInstanceOf(RolloutDecision.KeepTesting.class);
    assertThat(d.evidence().samplePerArm()).isLessThan(d.evidence().superioritySample());
  }

  /* --- command line --- */

  @Test
  void cli_reportAndApply_promotionSetsTheShareInTheRouteFile() throws Exception {
    Run run = simulate("cli", 800, 5_000, 0.25, 0.08, 0.0, 11);
    Path html = dir.resolve("out/rollout.html");
    Path json = dir.resolve("out/rollout.json");
    Path routeFile = dir.resolve("routes.json");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status = EvalCli.run(new String[] {"rollout", "report", "--audit", run.audit().toString(), "--route", ROUTE,
        "--feedback", run.feedback().toString(), "--min-effect", "0.10", "--html", html.toString(), "--json",
        json.toString(), "--apply", "--by", "u-ml-lead", "--routes", routeFile.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("route discharge-summary: PROMOTE")
        .contains("challenger share set to 100.00%");
    assertThat(FileRoutes.read(routeFile).get(ROUTE).challengerShare()).isEqualTo(10_000);
    assertThat(FileRoutes.read(routeFile).get(ROUTE).by()).isEqualTo("u-ml-lead");
    JsonNode summary = new ObjectMapper().readTree(Files.readString(json));
    assertThat(summary.get("decision").asText()).isEqualTo("PROMOTE");
    assertThat(summary.at("/arms/challenger/calls").asLong() + summary.at("/arms/champion/calls").asLong())
        .isEqualTo(800);
    assertThat(Files.readString(html)).contains("PROMOTE").contains("<svg");
  }

  @Test
  void cli_rollback_exitsOneAndSetsShareToZero() throws Exception {
    Run run = simulate("cli-worse", 300, 5_000, 0.10, 0.35, 0.0, 12);
    Path routeFile = dir.resolve("routes.json");

    int status = EvalCli.run(new String[] {"rollout", "report", "--audit", run.audit().toString(), "--route", ROUTE,
        "--feedback", run.feedback().toString(), "--apply", "--by", "u-ml-lead", "--routes", routeFile.toString()},
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    assertThat(status).isEqualTo(1);
    assertThat(FileRoutes.read(routeFile).get(ROUTE).challengerShare()).isZero();
  }

  @Test
  void cli_apply_promptVersionArms_movesTheLabelAuditedAndEndsTheSplit() throws Exception {
    Path prompts = dir.resolve("prompts");
    writeTwoVersions(prompts);
    Run run = simulate("labels", 800, 5_000, 0.25, 0.08, 0.0, 11, prompts);
    Path routeFile = dir.resolve("routes.json");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status = EvalCli.run(new String[] {"rollout", "apply", "--audit", run.audit().toString(), "--route", ROUTE,
        "--feedback", run.feedback().toString(), "--min-effect", "0.10", "--by", "u-ml-lead", "--prompts",
        prompts.toString(), "--routes", routeFile.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(status).as(out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(Files.readString(prompts.resolve(ROUTE + "/labels.yaml"))).contains("production: \"1.1.0\"");
    assertThat(FileRoutes.read(routeFile).get(ROUTE).challengerShare()).isZero();
    List<AuditRecord> events = AuditLogReader.readAll(run.audit()).stream().filter(AuditRecord::isEvent)
        .filter(r -> r.event().kind().equals("prompt.label")).toList();
    assertThat(events).singleElement().satisfies(r -> {
      assertThat(r.event().subject()).isEqualTo(ROUTE + "@production");
      assertThat(r.event().from()).isEqualTo("1.0.0");
      assertThat(r.event().to()).isEqualTo("1.1.0");
      assertThat(r.actorId()).isEqualTo("u-ml-lead");
    });
  }

  @Test
  void cli_apply_whileTheServiceStillWritesItsAuditLog_refusesThatLog_andUsesTheEventAuditDirectory() throws Exception {
    Path prompts = dir.resolve("prompts-live");
    writeTwoVersions(prompts);
    Run run = simulate("labels-live", 800, 5_000, 0.25, 0.08, 0.0, 11, prompts);
    Path adminAudit = dir.resolve("admin-audit");
    String[] base = {"rollout", "apply", "--audit", run.audit().toString(), "--route", ROUTE,
        "--feedback", run.feedback().toString(), "--min-effect", "0.10", "--by", "u-ml-lead", "--prompts",
        prompts.toString(), "--routes", dir.resolve("routes-live.json").toString()};
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    try (FileAuditSink service = FileAuditSink.builder(run.audit()).build()) { // the running service's sink
      int refused = EvalCli.run(base, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));
      assertThat(refused).isEqualTo(3);
      assertThat(err.toString(StandardCharsets.UTF_8)).contains("already being written by another audit sink");
      assertThat(Files.readString(prompts.resolve(ROUTE + "/labels.yaml"))).contains("production: \"1.0.0\"");

      String[] withEvents = java.util.Arrays.copyOf(base, base.length + 2);
      withEvents[base.length] = "--event-audit";
      withEvents[base.length + 1] = adminAudit.toString();
      int status = EvalCli.run(withEvents, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      assertThat(status).isZero();
    }
    assertThat(Files.readString(prompts.resolve(ROUTE + "/labels.yaml"))).contains("production: \"1.1.0\"");
    assertThat(AuditLogReader.readAll(adminAudit)).singleElement()
        .satisfies(r -> assertThat(r.event().kind()).isEqualTo("prompt.label"));
  }

  /** Versions 1.0.0 (labelled production) and 1.1.0 of the routed prompt. */
  private static void writeTwoVersions(Path prompts) throws java.io.IOException {
    writePrompt(prompts, "1.0.0", "Summarise the discharge note for the GP: {{note}}");
    writePrompt(prompts, "1.1.0", "Summarise the discharge note for the GP, medication changes first: {{note}}");
    Files.writeString(prompts.resolve(ROUTE + "/labels.yaml"), "labels:\n  production: \"1.0.0\"\n");
  }

  private static void writePrompt(Path root, String version, String user) throws java.io.IOException {
    Files.createDirectories(root.resolve(ROUTE));
    Files.writeString(root.resolve(ROUTE + "/" + version + ".yaml"), String.join("\n",
        "id: " + ROUTE,
        "version: \"" + version + "\"",
        "description: Discharge summary for the GP.",
        "owner: clinical-safety@hospital.example",
        "messages:",
        "  - role: user",
        "    content: \"" + user + "\"",
        "variables:",
        "  note: {required: true, maxLength: 20000}",
        "changelog: Test version " + version + ".",
        ""));
  }

  @Test
  void cli_unknownRoute_exitsTwo() throws Exception {
    Run run = simulate("cli-none", 5, 5_000, 0.1, 0.1, 0.0, 15);
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status = EvalCli.run(new String[] {"rollout", "report", "--audit", run.audit().toString(), "--route",
        "no-such-route", "--feedback", run.feedback().toString()},
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no calls of route 'no-such-route'");
  }
}
