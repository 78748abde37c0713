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
import dev.hai.prompts.PromptRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Evaluates two versions of a triage prompt on the embedded local model, end to end: the versions
 * are files in a hai-prompts registry ({@code examples/eval-prompts/triage/1.0.0.yaml}, the bare
 * instruction, labelled {@code production}; {@code 2.0.0.yaml}, which names the red flags,
 * labelled {@code candidate}; both pinned in {@code prompts.lock}). The shipped triage dataset
 * (synthetic messages) runs through each version by reference, the runs are compared item by item,
 * a regression gate is applied, and an HTML report and JUnit XML are written. Every result records
 * the prompt version and hash the registry resolved.
 *
 * <p>Arguments: {@code [limit]}, the number of dataset items to use (default: all). Environment:
 * {@code HAI_MODEL} (optional GGUF file), {@code HAI_PROMPTS_DIR} (default {@code examples/eval-prompts}),
 * {@code HAI_EVAL_DIR} (output folder, default {@code examples/target/eval}). Run files there are
 * resumed: delete them to start over. Exits 0 when the gate passes, 1 when it fails, 2 when the
 * model cannot be loaded.
 */
public final class EvaluatePromptVariants {

  static final Caller CALLER = Caller.of("eval-bot", "evaluator", "clinical-safety", PurposeOfUse.OPERATIONS);
  static final List<String> LABELS = List.of("emergency", "urgent", "routine");

  /** The prompt compared, and the two versions. */
  static final String PROMPT = "triage";
  static final String BASELINE = "1.0.0";
  static final String CANDIDATE = "2.0.0";

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

  /** The example prompt directory, from the repository root or from the examples module. */
  static Path promptsDir() {
    String configured = System.getenv("HAI_PROMPTS_DIR");
    if (configured != null) {
      return Path.of(configured);
    }
    Path fromRoot = Path.of("examples", "eval-prompts");
    return Files.isDirectory(fromRoot) ? fromRoot : Path.of("eval-prompts");
  }

  static int run(int limit, Path out) throws Exception {
    Path model = LocalModels.defaultModelPath();
    if (!Files.isRegularFile(model)) {
      System.err.println("No model file at " + model + "; run ./scripts/fetch-model.sh or set HAI_MODEL.");
      return 2;
    }
    Dataset dataset = Dataset.example(Dataset.TRIAGE_URGENCY).head(limit);
    Files.createDirectories(out);
    // Parameters come from each prompt version's defaults (temperature 0, at most 6 tokens).
    GenerationParameters params = GenerationParameters.none();
    try (PromptRegistry prompts = PromptRegistry.builder().directory(promptsDir()).requireLock(true).build();
        ClinicalModelClient client = ClinicalModelClient.builder()
            .backend(LlamaCppBackend.builder().modelPath(model).build())
            .promptResolver(prompts)
            .build()) {
      RunResult v1 = run(client, dataset, PROMPT + " " + BASELINE,
          RequestFactory.promptReference(CALLER, PROMPT, BASELINE, params),
          out.resolve(PROMPT + "-" + BASELINE + "-" + dataset.size() + ".jsonl"));
      RunResult v2 = run(client, dataset, PROMPT + " " + CANDIDATE,
          RequestFactory.promptReference(CALLER, PROMPT, CANDIDATE, params),
          out.resolve(PROMPT + "-" + CANDIDATE + "-" + dataset.size() + ".jsonl"));

      RunComparison comparison = RunComparison.of(v1, v2);
      System.out.println("prompts: " + v1.prompts() + " vs " + v2.prompts());
      for (RunComparison.MetricComparison m : comparison.metrics().values()) {
        System.out.printf(Locale.ROOT, "%-16s %s %.3f  %s %.3f  change %+.3f (95%% CI %+.3f..%+.3f)  p %.4f (%s)%n",
            m.metric(), BASELINE, m.baseline().mean(), CANDIDATE, m.candidate().mean(), m.difference().mean(),
            m.difference().lower(), m.difference().upper(), m.pValue(), m.pValueTest());
      }
      GateResult gate = Gate.parse("gate.yaml", GATE).evaluate(comparison);
      gate.rules().forEach(r -> System.out.println((r.passed() ? "PASS  " : "FAIL  ") + r.rule().name() + ": "
          + r.detail()));
      Path html = out.resolve(PROMPT + "-" + BASELINE + "-vs-" + CANDIDATE + ".html");
      Reports.writeHtml(html, "Triage prompt " + BASELINE + " vs " + CANDIDATE + " (local model)", comparison, gate,
          List.of());
      Reports.writeJUnitXml(out.resolve("TEST-triage-gate.xml"), gate);
      System.out.println("report: " + html);
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
