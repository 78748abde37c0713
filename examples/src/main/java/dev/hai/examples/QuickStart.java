package dev.hai.examples;

import dev.hai.core.Caller;
import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.ClinicalResult;
import dev.hai.core.InvalidRequestException;
import dev.hai.core.KillSwitch;
import dev.hai.core.PurposeOfUse;
import dev.hai.core.audit.AuditLogReader;
import dev.hai.core.audit.AuditRecord;
import dev.hai.core.audit.AuditSink;
import dev.hai.core.audit.AuditVerification;
import dev.hai.core.audit.AuditVerifier;
import dev.hai.core.audit.FileAuditSink;
import dev.hai.core.cost.Budget;
import dev.hai.core.cost.BudgetStatus;
import dev.hai.core.cost.CostTracking;
import dev.hai.core.cost.Money;
import dev.hai.core.spi.BackendException;
import dev.hai.governance.WasmPolicyEngine;
import dev.hai.governance.kill.FileKillSwitches;
import dev.hai.gpu.LlamaCppBackend;
import dev.hai.gpu.LocalModels;
import dev.hai.prompts.PromptLoadException;
import dev.hai.prompts.PromptRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Governed clinical calls to a local model, start to finish, on HAI's embedded defaults: no
 * server, no network, no cloud key.
 *
 * <ol>
 *   <li>a versioned prompt ({@code discharge-summary}, label {@code production}) from the example
 *       prompt set on the class path, checked against its lock file;
 *   <li>the starter compliance policy, an OPA Wasm bundle evaluated in this process;
 *   <li>cost tracking: the local model priced per CPU-hour, a daily budget for the tenant;
 *   <li>kill switches read from a file;
 *   <li>a hash-chained audit trail, verified at the end.
 * </ol>
 *
 * <p>It makes three calls: an attending physician's (answered), a nurse's (denied by the policy)
 * and, after an operator disables the prompt version with a kill switch, the physician's again
 * (disabled). Then it prints the audit trail: three call records and the two kill-switch flips.
 *
 * <p>Run it with {@code ./scripts/quickstart.sh}, which fetches the model first. Environment:
 * {@code HAI_MODEL} (optional) names the GGUF file, default {@code
 * ~/.cache/hai/models/SmolLM2-135M-Instruct.Q4_1.gguf}; {@code HAI_AUDIT_DIR} (optional) the
 * audit directory. Exits 0 when the three calls ended as described and the audit trail verifies, 1
 * otherwise, 2 when the model, the prompts or the policy could not be loaded.
 */
public final class QuickStart {

  /** A made-up note: no real patient, no real PHI. */
  static final String SYNTHETIC_NOTE =
      "67-year-old patient (synthetic record) admitted with community-acquired pneumonia. "
          + "Treated with IV ceftriaxone for 3 days; afebrile for the last 48 hours, SpO2 96% on room air. "
          + "Discharged on oral amoxicillin for 5 days. Follow-up with the GP in one week; return if "
          + "breathless or feverish.";

  /** Where the quickstart keeps its files: the audit trail and the kill-switch file. */
  static final Path WORK_DIR = Path.of("examples/target/quickstart");
  /** The tenant (department) the calls are made for, and budgeted under. */
  static final String TENANT = "internal-medicine";
  /** What an hour of this machine's CPU costs the hospital: the price of a local model's time. */
  static final Money CPU_HOUR = Money.of("USD", "0.50");
  /** The tenant's daily budget; a call whose worst case does not fit is refused before it runs. */
  static final Budget DAILY_BUDGET = Budget.tenant(TENANT).daily(Money.of("USD", "5")).build();

  static final Caller PHYSICIAN = Caller.of("u-4711", "attending-physician", TENANT, PurposeOfUse.TREATMENT);
  static final Caller NURSE = Caller.of("u-0815", "nurse", TENANT, PurposeOfUse.TREATMENT);

  private QuickStart() {}

  public static void main(String[] args) {
    Path auditDir = Path.of(System.getenv().getOrDefault("HAI_AUDIT_DIR", WORK_DIR.resolve("audit").toString()));
    System.exit(run(auditDir, WORK_DIR.resolve("kill-switches.json")));
  }

  /**
   * Runs the quickstart with its audit trail in {@code auditDir} and the kill switches every client
   * built on {@code killSwitchFile} watches (operators flip them with {@code hai-governance kill}).
   */
  static int run(Path auditDir, Path killSwitchFile) {
    Optional<LlamaCppBackend> backend = loadModel();
    if (backend.isEmpty()) {
      return 2;
    }
    // The trail may hold earlier runs' records (it is append-only); this run's come after these.
    long recordsBefore = Files.isDirectory(auditDir) ? AuditLogReader.readAll(auditDir).size() : 0;
    CostTracking cost = CostTracking.builder()
        .budget(DAILY_BUDGET)                                     // in memory: the embedded default
        .localComputePrice(backend.get().info().name(), CPU_HOUR) // local calls cost their busy time
        .build();
    boolean asExpected;
    try (FileAuditSink audit = AuditSink.jsonl(auditDir);
        PromptRegistry prompts = prompts();
        WasmPolicyEngine policy = WasmPolicyEngine.builder().bundleResource("policy/starter.tar.gz").build();
        FileKillSwitches switches = FileKillSwitches.builder(killSwitchFile)
            .auditSink(audit) // flips made here are audit events in the same trail
            .build();
        ClinicalModelClient client = ClinicalModelClient.builder()
            .backend(backend.get())
            .promptResolver(prompts)
            .policyEngine(policy)
            .costTracking(cost)
            .killSwitches(switches)
            .auditSink(audit)
            .build()) {
      System.out.print(client.describe());

      ClinicalResult answered = call(client, "1. an attending physician asks for a discharge summary",
          PHYSICIAN, auditDir);
      ClinicalResult denied = call(client, "2. a nurse asks for the same prompt", NURSE, auditDir);

      // In an incident, operations stops a prompt version at once, without a deploy; the flip is
      // written to the file (every client watching it stops within a second) and audited.
      KillSwitch.Target version = KillSwitch.Target.promptVersion("discharge-summary", "1.0.0");
      switches.kill(version, "ops-7", "INC-0001 (demo): 1.0.0 summaries omit allergies");
      System.out.printf("%n-- operations disable %s (file %s)%n", version, killSwitchFile);
      ClinicalResult disabled;
      try {
        disabled = call(client, "3. the attending physician asks again", PHYSICIAN, auditDir);
      } finally {
        switches.revive(version, "ops-7", "INC-0001 (demo): over"); // the next run starts with none
      }

      BudgetStatus budget = cost.store().status(DAILY_BUDGET, Instant.now());
      System.out.printf("%nbudget:   tenant %s spent %s of %s today, %s left%n",
          TENANT, budget.spent(), DAILY_BUDGET.limit(), budget.remaining());
      asExpected = answered instanceof ClinicalResult.Success
          && denied instanceof ClinicalResult.Denied
          && disabled instanceof ClinicalResult.Disabled;
    } catch (PromptLoadException | IllegalArgumentException e) {
      // A prompt file that differs from prompts.lock, or a policy bundle that does not load, stops
      // the application at start: it never serves calls with an unapproved prompt or no policy.
      System.err.println("Cannot start: " + e.getMessage());
      return 2;
    }
    boolean intact = printAuditTrail(auditDir, recordsBefore);
    return asExpected && intact ? 0 : 1;
  }

  /** Loads the in-process model, or says how to get it. */
  private static Optional<LlamaCppBackend> loadModel() {
    Path model = LocalModels.defaultModelPath();
    if (!Files.isRegularFile(model)) {
      System.err.println("No model file at " + model + ".");
      System.err.println("Run ./scripts/fetch-model.sh to download it, or set HAI_MODEL to a GGUF file.");
      return Optional.empty();
    }
    long start = System.nanoTime();
    try {
      LlamaCppBackend backend = LlamaCppBackend.builder().modelPath(model).build();
      System.out.printf("model loaded in %d ms: %s%n", (System.nanoTime() - start) / 1_000_000, model);
      return Optional.of(backend);
    } catch (InvalidRequestException | BackendException e) {
      System.err.println("Cannot load the local model: " + e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * The example prompt set, shipped on the class path. {@code requireLock(true)}: every version
   * must match its hash in {@code prompts.lock}, or the registry refuses to start.
   */
  private static PromptRegistry prompts() {
    PromptRegistry prompts = PromptRegistry.builder()
        .classpath("prompts", QuickStart.class.getClassLoader())
        .requireLock(true)
        .build();
    System.out.printf("prompts:  %s, labels %s, every version matches prompts.lock%n",
        prompts.versions("discharge-summary").stream().map(t -> t.id() + "@" + t.version()).toList(),
        prompts.labels("discharge-summary"));
    return prompts;
  }

  /** Asks for a discharge summary of the synthetic note as {@code caller}, and prints the result. */
  private static ClinicalResult call(ClinicalModelClient client, String title, Caller caller, Path auditDir) {
    ClinicalRequest request = ClinicalRequest.builder()
        .caller(caller)
        // The prompt is referenced, not written here: the registry picks the version the label
        // points to, and the result and audit record say which one (version and hash). Its
        // defaults (temperature 0, seed 42, at most 200 tokens) apply: the request sets none.
        .prompt("discharge-summary", "production", Map.of("note", SYNTHETIC_NOTE))
        .timeout(Duration.ofSeconds(60))
        .build();
    ClinicalResult result = client.call(request);
    // ClinicalResult is sealed: every outcome is a typed value, never an exception.
    System.out.printf("%n%s -> ClinicalResult.%s%n", title, result.getClass().getSimpleName());
    if (result instanceof ClinicalResult.Success s) {
      System.out.println("  answer:   " + s.text().strip().replace("\n", "\n            "));
      printPolicyOfRecord(auditDir, s.metadata().callId());
    } else if (result instanceof ClinicalResult.Denied d) {
      System.out.println("  reasons:  " + d.reason());
      System.out.println("  policy:   deny, decision " + d.decisionId() + ", bundle " + d.bundleRevision());
    } else if (result instanceof ClinicalResult.Disabled d) {
      KillSwitch k = d.killSwitch();
      System.out.println("  switch:   " + k.target() + ", by " + k.by() + " since " + k.since() + ": " + k.why());
    } else if (result instanceof ClinicalResult.BudgetExceeded b) {
      System.out.println("  budget:   " + b.budget().key() + " spent " + b.spent() + "; this call needs up to "
          + b.reservation());
    } else if (result instanceof ClinicalResult.Rejected r) {
      System.out.println("  reason:   " + r.reason() + r.fieldName().map(f -> " (field " + f + ")").orElse(""));
    } else if (result instanceof ClinicalResult.Unavailable u) {
      System.out.println("  reason:   " + u.kind() + ": " + u.reason());
    }
    var m = result.metadata();
    System.out.println("  call id:  " + m.callId());
    m.promptInfo().ifPresent(p -> System.out.println("  prompt:   " + p.promptId() + " " + p.version()
        + p.labelName().map(l -> " (label " + l + ")").orElse("") + ", " + p.sha256()));
    System.out.println("  cost:     " + m.costAmount().map(Money::toString).orElse("none")
        + "; tokens " + m.usage().inputTokens() + " in, " + m.usage().outputTokens() + " out"
        + "; latency " + m.latency().toMillis() + " ms; model " + m.modelName().orElse("not called"));
    return result;
  }

  /**
   * An answered call's policy decision, from its audit record: the record joins the answer to the
   * decision (and the decision log) by id and names the bundle revision that made it.
   */
  private static void printPolicyOfRecord(Path auditDir, UUID callId) {
    AuditLogReader.readAll(auditDir).stream()
        .filter(r -> r.callId().equals(callId) && r.policyDecision() != null)
        .findFirst()
        .ifPresent(r -> System.out.println("  policy:   " + r.policyDecision().result() + ", decision "
            + r.policyDecision().decisionId() + ", bundle " + r.policyDecision().bundleRevision()));
  }

  /** Verifies the whole trail's hash chain and lists this run's records; returns whether it is intact. */
  private static boolean printAuditTrail(Path auditDir, long recordsBefore) {
    AuditVerification trail = AuditVerifier.verify(auditDir, Optional.empty());
    List<AuditRecord> records = AuditLogReader.readAll(auditDir);
    List<AuditRecord> thisRun = records.subList((int) Math.min(recordsBefore, records.size()), records.size());
    String chain = trail.ok() ? "intact"
        : "BROKEN: " + trail.broken().map(b -> b.problem() + " at " + b.file() + ":" + b.line()).orElse("");
    System.out.printf("%naudit:    %s, %d records (%d from this run), hash chain %s%n",
        auditDir, trail.records(), thisRun.size(), chain);
    for (AuditRecord r : thisRun) {
      System.out.println("  " + describe(r));
    }
    System.out.println("  (records hold SHA-256 digests of the note and the answer, never their text)");
    return trail.ok();
  }

  /** One line per record: what happened, to which prompt version, decided how, at what cost. */
  private static String describe(AuditRecord r) {
    if (r.event() != null) {
      return String.format("#%-3d %-9s %s %s: %s -> %s, by %s", r.seq(), r.outcome(), r.event().kind(),
          r.event().subject(), r.event().from(), r.event().to(), r.actorId());
    }
    String policy = r.policyDecision() == null ? "-" : r.policyDecision().result();
    return String.format("#%-3d %-9s %s %s@%s, policy %s, cost %s", r.seq(), r.outcome(), r.actorRole(),
        r.promptId(), r.promptVersion(), policy, r.cost() == null ? "none" : r.cost());
  }
}
