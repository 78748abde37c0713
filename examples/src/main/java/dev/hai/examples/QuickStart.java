package dev.hai.examples;

import dev.hai.core.Caller;
import dev.hai.core.ClinicalModelClient;
import dev.hai.core.audit.AuditSink;
import dev.hai.core.audit.AuditVerification;
import dev.hai.core.audit.AuditVerifier;
import dev.hai.core.audit.FileAuditSink;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.ClinicalResult;
import dev.hai.core.InvalidRequestException;
import dev.hai.core.PurposeOfUse;
import dev.hai.core.spi.BackendException;
import dev.hai.gpu.LlamaCppBackend;
import dev.hai.gpu.LocalModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.util.List;
import java.time.Duration;
import java.util.Optional;

/**
 * One governed clinical call to a local model, start to finish: build a client on the in-process
 * llama.cpp backend with a hash-chained audit trail, describe its pipeline, summarise a synthetic
 * note, print what the result says about the call, and verify the audit trail.
 *
 * <p>Run it with {@code ./scripts/quickstart.sh}, which fetches the model first. Environment:
 * {@code HAI_MODEL} (optional) names the GGUF file; default {@code
 * ~/.cache/hai/models/SmolLM2-135M-Instruct.Q4_1.gguf}. Exits 0 on success, 1 when the call did
 * not succeed, 2 when the model could not be loaded.
 */
public final class QuickStart {

  /** A made-up note: no real patient, no real PHI. */
  static final String SYNTHETIC_NOTE =
      "67-year-old patient (synthetic record) admitted with community-acquired pneumonia. "
          + "Treated with IV ceftriaxone for 3 days; afebrile for the last 48 hours, SpO2 96% on room air. "
          + "Discharged on oral amoxicillin for 5 days. Follow-up with the GP in one week; return if "
          + "breathless or feverish.";

  /** Where the audit trail goes unless {@code HAI_AUDIT_DIR} says otherwise. */
  static final String DEFAULT_AUDIT_DIR = "examples/target/quickstart-audit";

  private QuickStart() {}

  public static void main(String[] args) {
    System.exit(run());
  }

  static int run() {
    Path model = LocalModels.defaultModelPath();
    if (!Files.isRegularFile(model)) {
      System.err.println("No model file at " + model + ".");
      System.err.println("Run ./scripts/fetch-model.sh to download it, or set HAI_MODEL to a GGUF file.");
      return 2;
    }
    long loadStart = System.nanoTime();
    LlamaCppBackend backend;
    try {
      backend = LlamaCppBackend.builder().modelPath(model).build();
    } catch (InvalidRequestException | BackendException e) {
      System.err.println("Cannot load the local model: " + e.getMessage());
      return 2;
    }
    System.out.printf("model loaded in %d ms: %s%n%n", (System.nanoTime() - loadStart) / 1_000_000, model);

    Path auditDir = Path.of(System.getenv().getOrDefault("HAI_AUDIT_DIR", DEFAULT_AUDIT_DIR));
    int exit;
    try (FileAuditSink audit = AuditSink.jsonl(auditDir);
        ClinicalModelClient client = ClinicalModelClient.builder().backend(backend).auditSink(audit).build()) {
      System.out.println(client.describe());
      System.out.println();

      ClinicalRequest request = ClinicalRequest.builder()
          .caller(Caller.of("u-4711", "attending-physician", "internal-medicine", PurposeOfUse.TREATMENT))
          .system("You are a clinical documentation assistant. Summarise the note for a physician "
              + "in two short sentences. Do not add facts.")
          .user(SYNTHETIC_NOTE)
          .temperature(0.0)
          .seed(42)
          .maxTokens(96)
          .timeout(Duration.ofSeconds(60))
          .build();

      ClinicalResult result = client.call(request);
      exit = report(result);
    }
    AuditVerification trail = AuditVerifier.verify(auditDir, Optional.empty());
    System.out.println();
    System.out.printf("audit trail:   %d record(s) in %s, hash chain %s%n", trail.records(), auditDir,
        trail.ok() ? "intact" : "BROKEN: " + trail.broken().map(b -> b.problem() + " at " + b.file() + ":" + b.line()).orElse(""));
    lastRecord(auditDir).ifPresent(line -> System.out.println("this call's record (no note text, only digests):\n" + line));
    return trail.ok() ? exit : 1;
  }

  /** The last line of the newest audit file, if any. */
  private static Optional<String> lastRecord(Path auditDir) {
    try (var files = Files.list(auditDir)) {
      Optional<Path> newest = files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).max(Path::compareTo);
      if (newest.isEmpty()) {
        return Optional.empty();
      }
      List<String> lines = Files.readAllLines(newest.get());
      return lines.isEmpty() ? Optional.empty() : Optional.of(lines.get(lines.size() - 1));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static int report(ClinicalResult result) {
    var m = result.metadata();
    if (result instanceof ClinicalResult.Success s) {
      System.out.println("answer: " + s.text());
      System.out.println();
      System.out.println("finish reason: " + s.finishReason());
    } else if (result instanceof ClinicalResult.Rejected r) {
      System.out.println("rejected: " + r.reason() + r.fieldName().map(f -> " (field " + f + ")").orElse(""));
    } else if (result instanceof ClinicalResult.Unavailable u) {
      System.out.println("unavailable (" + u.kind() + "): " + u.reason());
    } else {
      System.out.println(result.outcome());
    }
    System.out.println("call id:       " + m.callId());
    System.out.println("backend:       " + m.backendName().orElse("-"));
    System.out.println("model:         " + m.modelName().orElse("-"));
    System.out.println("tokens:        " + m.usage().inputTokens() + " in, " + m.usage().outputTokens() + " out");
    System.out.println("latency:       " + m.latency().toMillis() + " ms");
    System.out.println("attempts:      " + m.attempts());
    return result.isSuccess() ? 0 : 1;
  }
}
