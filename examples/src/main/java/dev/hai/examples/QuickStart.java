package dev.hai.examples;

import dev.hai.core.Caller;
import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.ClinicalResult;
import dev.hai.core.InvalidRequestException;
import dev.hai.core.PurposeOfUse;
import dev.hai.core.spi.BackendException;
import dev.hai.gpu.LlamaCppBackend;
import dev.hai.gpu.LocalModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One governed clinical call to a local model, start to finish: build a client on the in-process
 * llama.cpp backend, describe its pipeline, summarise a synthetic note, and print what the result
 * says about the call.
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

    try (ClinicalModelClient client = ClinicalModelClient.builder().backend(backend).build()) {
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
      return report(result);
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
