package dev.hai.examples;

import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.eval.DeterminismHarness;
import dev.hai.eval.DeterminismReport;
import dev.hai.eval.Reports;
import dev.hai.gpu.LlamaCppBackend;
import dev.hai.gpu.LocalModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures how much the embedded local model's answers vary at temperature 0.0, 0.3 and 0.7: the
 * same discharge-summary request and the same triage request, each sent N times per temperature
 * with no fixed seed (every call samples with a fresh random seed), then the deterministic-mode
 * recipe (temperature 0, fixed seed). Prints a table and writes an HTML report.
 *
 * <p>Arguments: {@code [repeats]} (default 20). Environment: {@code HAI_MODEL}, {@code HAI_EVAL_DIR}
 * (default {@code examples/target/eval}). Exits 0, or 2 when the model cannot be loaded.
 */
public final class DeterminismTemperatures {
  static final List<Double> TEMPERATURES = List.of(0.0, 0.3, 0.7);

  /** The system message of examples/eval-prompts/triage/2.0.0.yaml. */
  static final String TRIAGE_SYSTEM = "You are a triage nurse. Read the patient message and answer with exactly one "
      + "word: emergency, urgent or routine.\n"
      + "emergency: chest pain, stroke signs (weakness, slurred speech), severe breathing difficulty, vomiting "
      + "blood, sudden severe headache, non-blanching rash, suicidal thoughts with a plan, throat swelling.\n"
      + "urgent: needs a clinician today (fever with pain, injuries, worsening asthma, high blood sugar).\n"
      + "routine: everything else.";

  private DeterminismTemperatures() {}

  public static void main(String[] args) throws Exception {
    int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    System.exit(run(repeats, Path.of(System.getenv().getOrDefault("HAI_EVAL_DIR", "examples/target/eval"))));
  }

  static int run(int repeats, Path out) throws Exception {
    Path model = LocalModels.defaultModelPath();
    if (!Files.isRegularFile(model)) {
      System.err.println("No model file at " + model + "; run ./scripts/fetch-model.sh or set HAI_MODEL.");
      return 2;
    }
    Files.createDirectories(out);
    ClinicalRequest summary = ClinicalRequest.builder()
        .caller(EvaluatePromptVariants.CALLER)
        .system("You are a clinical documentation assistant. Summarise the note for a physician in two short "
            + "sentences. Do not add facts.")
        .user(QuickStart.SYNTHETIC_NOTE)
        .maxTokens(48)
        .build();
    ClinicalRequest triage = ClinicalRequest.builder()
        .caller(EvaluatePromptVariants.CALLER)
        .system(TRIAGE_SYSTEM)
        .user("Patient message: Caller reports a 70-year-old with painful red swollen calf after a long flight.\n"
            + "Urgency:")
        .maxTokens(6)
        .build();
    List<DeterminismReport> reports = new ArrayList<>();
    try (ClinicalModelClient client = ClinicalModelClient.builder()
        .backend(LlamaCppBackend.builder().modelPath(model).build())
        .build()) {
      DeterminismHarness text = DeterminismHarness.builder().client(client).repeats(repeats).build();
      DeterminismHarness labels = DeterminismHarness.builder().client(client).repeats(repeats)
          .labels(EvaluatePromptVariants.LABELS).build();
      for (DeterminismReport r : text.compareTemperatures(summary, TEMPERATURES, null)) {
        reports.add(renamed(r, "summary, " + r.setting()));
      }
      reports.add(renamed(text.measure("deterministic", DeterminismHarness.deterministic(summary, 42)),
          "summary, deterministic mode (t 0, seed 42)"));
      for (DeterminismReport r : labels.compareTemperatures(triage, TEMPERATURES, null)) {
        reports.add(renamed(r, "triage, " + r.setting()));
      }
    }
    System.out.printf(Locale.ROOT, "%-44s %6s %8s %7s %7s %7s %8s %7s%n", "setting", "calls", "distinct", "ratio",
        "edit", "flips", "prefix", "ms");
    for (DeterminismReport r : reports) {
      System.out.printf(Locale.ROOT, "%-44s %6d %8d %7.3f %7.3f %7.3f %8.0f %7.0f%n", r.setting(), r.repeats(),
          r.distinctOutputs(), r.distinctRatio(), r.meanEditDistance(), r.labelFlipRate(), r.meanCommonPrefix(),
          r.meanLatencyMillis());
    }
    Path html = out.resolve("determinism-local-model.html");
    Reports.writeHtml(html, "Determinism of the local model by temperature", null, null, reports);
    System.out.println("report: " + html);
    return 0;
  }

  private static DeterminismReport renamed(DeterminismReport r, String setting) {
    return new DeterminismReport(setting, r.temperature(), r.seed(), r.repeats(), r.failures(), r.distinctOutputs(),
        r.distinctRatio(), r.meanEditDistance(), r.meanSimilarity(), r.labelFlipRate(), r.modalShare(),
        r.meanCommonPrefix(), r.varyingParts(), r.meanLatencyMillis());
  }
}
