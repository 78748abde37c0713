package dev.hai.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.eval.DeterminismHarness;
import dev.hai.eval.DeterminismReport;
import dev.hai.eval.RunResult;
import dev.hai.gpu.LlamaCppBackend;
import dev.hai.gpu.LocalModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluation examples against the real embedded local model (scripts/fetch-model.sh fetches
 * it; .ci/run does so before the integration tests).
 */
class EvalExamplesIT {

  @TempDir Path dir;

  @Test
  void evaluatePromptVariants_runsBothVersions_andWritesTheReports() throws Exception {
    int status = EvaluatePromptVariants.run(8, dir);

    assertThat(status).isIn(0, 1); // the gate's verdict on a 135M model is not the point here
    RunResult v1 = RunResult.read(dir.resolve("triage-1.0.0-8.jsonl"));
    RunResult v2 = RunResult.read(dir.resolve("triage-2.0.0-8.jsonl"));
    assertThat(v1.items()).hasSize(8).allSatisfy(i -> assertThat(i.outcome()).isEqualTo("success"));
    assertThat(v2.items()).hasSize(8).allSatisfy(i -> assertThat(i.output()).isNotBlank());
    // Each run records the exact prompt version and hash the registry resolved.
    assertThat(v1.prompts()).singleElement().asString().startsWith("triage@1.0.0 sha256:bad47fd4f728");
    assertThat(v2.prompts()).singleElement().asString().startsWith("triage@2.0.0 sha256:33d8222d2f95");
    assertThat(Files.readString(dir.resolve("triage-1.0.0-vs-2.0.0.html"))).contains("<svg").contains("Confusion matrices");
    assertThat(Files.readString(dir.resolve("TEST-triage-gate.xml"))).contains("<testsuite");

    // A rerun resumes from the run files: nothing is called again, the results are the same.
    long before = Files.size(dir.resolve("triage-1.0.0-8.jsonl"));
    EvaluatePromptVariants.run(8, dir);
    assertThat(Files.size(dir.resolve("triage-1.0.0-8.jsonl"))).isEqualTo(before);
    assertThat(RunResult.read(dir.resolve("triage-1.0.0-8.jsonl"))).isEqualTo(v1);
  }

  @Test
  void temperatureZero_repeatsItself_andTemperatureSevenTenthsVaries() {
    ClinicalRequest request = ClinicalRequest.builder()
        .caller(EvaluatePromptVariants.CALLER)
        .system("Summarise the note for a physician in two short sentences.")
        .user(QuickStart.SYNTHETIC_NOTE)
        .maxTokens(32)
        .build();
    try (ClinicalModelClient client = ClinicalModelClient.builder()
        .backend(LlamaCppBackend.builder().modelPath(LocalModels.defaultModelPath()).build())
        .build()) {
      List<DeterminismReport> reports = DeterminismHarness.builder().client(client).repeats(5).build()
          .compareTemperatures(request, List.of(0.0, 0.7), null);

      DeterminismReport greedy = reports.get(0);
      DeterminismReport sampled = reports.get(1);
      assertThat(greedy.failures()).isZero();
      assertThat(greedy.distinctOutputs()).isEqualTo(1);
      assertThat(greedy.meanEditDistance()).isZero();
      assertThat(sampled.distinctOutputs()).isGreaterThan(1);
      assertThat(sampled.meanEditDistance()).isGreaterThan(0.0);
    }
  }
}
