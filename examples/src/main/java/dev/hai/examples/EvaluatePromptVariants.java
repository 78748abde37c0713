package dev.hai.examples;

import dev.hai.core.Caller;
import dev.hai.core.ClinicalModelClient;
import dev.hai.core.GenerationParameters;
import dev.hai.core.PurposeOfUse;
import dev.hai.eval.Dataset;
import dev.hai.eval.Evaluation;
import dev.hai.eval.Gate;
import dev.hai.eval.GateResult;
import dev.hai.eval.Metrics;
import dev.hai.eval.Reports;
import dev.hai.eval.RequestFactory;
import dev.hai.eval.RunComparison;
import dev.hai.eval.RunResult;
import dev.hai.gpu.LlamaCppBackend;
import dev.hai.gpu.LocalModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Evaluates two versions of a triage prompt on the embedded local model, end to end: runs the
 * shipped triage dataset (synthetic messages) through each version, compares the runs item by item,
 * applies a regression gate, and writes an HTML report and JUnit XML.
 *
 * <p>The two versions are inline here so that the example runs without a prompt registry; with
 * hai-prompts configured as the client's prompt resolver, use {@link
 * RequestFactory#promptReference} with the two versions' selectors instead and nothing else
 * changes.
 *
 * <p>Arguments: {@code [limit]}, the number of dataset items to use (default: all). Environment:
 * {@code HAI_MODEL} (optional GGUF file), {@code HAI_EVAL_DIR} (output folder, default {@code
 * examples/target/eval}). Run files there are resumed: delete them to start over. Exits 0 when the
 * gate passes, 1 when it fails, 2 when the model cannot be loaded.
 */
public final class EvaluatePromptVariants {

  static final Caller CALLER = Caller.of("eval-bot", "evaluator", "clinical-safety", PurposeOfUse.OPERATIONS);
  static final List<String> LABELS = List.of("emergency", "urgent", "routine");

  /** Version 1: the bare instruction. */
  static final String V1 = "Classify the urgency of the patient message as emergency, urgent or routine. "
      + "Answer with one word.";

  /** Version 2: names the red flags that must always be emergencies. */
  static final String V2 = "You are a triage nurse. Read the patient message and answer with exactly one word: "
      + "emergency, urgent or routine.\n"
      + "emergency: chest pain, stroke signs (weakness, slurred speech), severe breathing difficulty, vomiting "
      + "blood, sudden severe headache, non-blanching rash, suicidal thoughts with a plan, throat swelling.\n"
      + "urgent: needs a clinician today (fever with pain, injuries, worsening asthma, high blood sugar).\n"
      + "routine: everything else.";

  static final String USER = "Patient message: {{message}}\nUrgency:";

  static final String GATE = """
      rules:
        - name: triage accuracy must not drop by more than 0.05 (p < 0.05)
          metric: label_accuracy
          max_drop: 0.05
          alpha: 0.05
        - name: no red-flag message may stop escalating
          metric: escalation
          tag: red_flag=true
          no_new_failures: true
      """;

  private EvaluatePromptVariants() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args.length > 0 ? Integer.parseInt(args[0]) : Integer.MAX_VALUE,
        Path.of(System.getenv().getOrDefault("HAI_EVAL_DIR", "examples/target/eval"))));
  }

  static int run(int limit, Path out) throws Exception {
    Path model = LocalModels.defaultModelPath();
    if (!Files.isRegularFile(model)) {
      System.err.println("No model file at " + model + "; run ./scripts/fetch-model.sh or set HAI_MODEL.");
      return 2;
    }
    Dataset dataset = Dataset.example(Dataset.TRIAGE_URGENCY).head(limit);
    Files.createDirectories(out);
    GenerationParameters params = GenerationParameters.builder().temperature(0.0).maxTokens(6).build();
    try (ClinicalModelClient client = ClinicalModelClient.builder()
        .backend(LlamaCppBackend.builder().modelPath(model).build())
        .build()) {
      RunResult v1 = run(client, dataset, "triage v1", RequestFactory.inline(CALLER, V1, USER, params),
          out.resolve("triage-v1-" + dataset.size() + ".jsonl"));
      RunResult v2 = run(client, dataset, "triage v2", RequestFactory.inline(CALLER, V2, USER, params),
          out.resolve("triage-v2-" + dataset.size() + ".jsonl"));

      RunComparison comparison = RunComparison.of(v1, v2);
      for (RunComparison.MetricComparison m : comparison.metrics().values()) {
        System.out.printf(Locale.ROOT, "%-16s v1 %.3f  v2 %.3f  change %+.3f (95%% CI %+.3f..%+.3f)  p %.4f (%s)%n",
            m.metric(), m.baseline().mean(), m.candidate().mean(), m.difference().mean(), m.difference().lower(),
            m.difference().upper(), m.pValue(), m.pValueTest());
      }
      GateResult gate = Gate.parse("gate.yaml", GATE).evaluate(comparison);
      gate.rules().forEach(r -> System.out.println((r.passed() ? "PASS  " : "FAIL  ") + r.rule().name() + ": "
          + r.detail()));
      Reports.writeHtml(out.resolve("triage-v1-vs-v2.html"), "Triage prompt v1 vs v2 (local model)", comparison,
          gate, List.of());
      Reports.writeJUnitXml(out.resolve("TEST-triage-gate.xml"), gate);
      System.out.println("report: " + out.resolve("triage-v1-vs-v2.html"));
      return gate.passed() ? 0 : 1;
    }
  }

  private static RunResult run(ClinicalModelClient client, Dataset dataset, String label,
      RequestFactory requests, Path runFile) {
    System.out.println(label + ":");
    return Evaluation.builder()
        .client(client)
        .dataset(dataset)
        .request(requests)
        .labels(LABELS)
        .metrics(Metrics.classification())
        .label(label)
        .runFile(runFile)
        .concurrency(1) // the local backend answers one call at a time
        .progress(System.out)
        .build()
        .run();
  }
}
