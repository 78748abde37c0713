package dev.hai.eval.internal.cli;

import dev.hai.core.Caller;
import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.GenerationParameters;
import dev.hai.core.InvalidRequestException;
import dev.hai.core.PurposeOfUse;
import dev.hai.core.backend.anthropic.AnthropicBackend;
import dev.hai.core.backend.openai.OpenAiBackend;
import dev.hai.core.spi.ModelBackend;
import dev.hai.eval.Dataset;
import dev.hai.eval.DeterminismHarness;
import dev.hai.eval.DeterminismReport;
import dev.hai.eval.EvalException;
import dev.hai.eval.Evaluation;
import dev.hai.eval.Gate;
import dev.hai.eval.GateResult;
import dev.hai.eval.Metrics;
import dev.hai.eval.Reports;
import dev.hai.eval.RequestFactory;
import dev.hai.eval.RunComparison;
import dev.hai.eval.RunResult;
import dev.hai.eval.stats.Bootstrap;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hai-eval} and its subcommands. */
@Command(
    name = "hai-eval",
    mixinStandardHelpOptions = true,
    description = "Evaluate clinical model calls: run a dataset, compare runs, gate a change in CI, measure determinism,"
        + " decide a champion / challenger rollout.",
    subcommands = {EvalCommand.Run.class, EvalCommand.Compare.class, EvalCommand.GateCmd.class,
        EvalCommand.Determinism.class, RolloutCommand.class})
public final class EvalCommand implements Callable<Integer> {
  /** Exit status of a failed gate or an exceeded determinism bound. */
  public static final int FAILED = 1;
  /** Exit status of bad arguments or input. */
  public static final int USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return USAGE;
  }

  /** Parses and runs; {@code backends} replaces the backend options (tests), or null. */
  public static int execute(String[] args, PrintStream out, PrintStream err,
      @Nullable Function<String, ModelBackend> backends) {
    CommandLine cl = new CommandLine(new EvalCommand());
    cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cl.setExitCodeExceptionMapper(e -> USAGE);
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof EvalException || e instanceof InvalidRequestException || e instanceof IllegalArgumentException
          || e instanceof IllegalStateException) {
        cmd.getErr().println("hai-eval: " + e.getMessage());
        return USAGE;
      }
      throw e;
    });
    BackendOptions.override = backends;
    try {
      return cl.execute(args);
    } finally {
      BackendOptions.override = null;
    }
  }

  /** Options that pick and configure the model backend. */
  static final class BackendOptions {
    static volatile @Nullable Function<String, ModelBackend> override;

    @Option(names = "--base-url", paramLabel = "URL",
        description = "An OpenAI-compatible server (vLLM, llama.cpp server, Ollama), e.g. http://127.0.0.1:8080/v1.")
    @Nullable String baseUrl;

    @Option(names = "--provider", paramLabel = "NAME", defaultValue = "openai-compatible",
        description = "openai-compatible (needs --base-url), openai or anthropic. Default: ${DEFAULT-VALUE}.")
    String provider = "openai-compatible";

    @Option(names = "--api-key-env", paramLabel = "VAR",
        description = "The environment variable holding the API key (never the key itself).")
    @Nullable String apiKeyEnv;

    @Option(names = "--model", paramLabel = "MODEL",
        description = "The model id at the backend; required with openai-compatible (the name the server serves).")
    @Nullable String model;

    @Option(names = "--temperature", paramLabel = "T", description = "Sampling temperature.")
    @Nullable Double temperature;

    @Option(names = "--max-tokens", paramLabel = "N", description = "Most output tokens per answer.")
    @Nullable Integer maxTokens;

    @Option(names = "--seed", paramLabel = "N", description = "Sampling seed (backends that honour one).")
    @Nullable Long seed;

    @Option(names = "--system", paramLabel = "TEXT|@FILE", defaultValue = "",
        description = "The system message, or @file to read it from.")
    String system = "";

    @Option(names = "--user", paramLabel = "TEMPLATE|@FILE",
        description = "The user message; {{name}} is replaced by the item's input 'name'. @file reads it.")
    @Nullable String user;


    ModelBackend backend() {
      Function<String, ModelBackend> o = override;
      if (o != null) {
        return o.apply(provider);
      }
      String key = apiKeyEnv == null ? null : System.getenv(apiKeyEnv);
      if (apiKeyEnv != null && key == null) {
        throw new EvalException("--api-key-env: the environment variable " + apiKeyEnv + " is not set");
      }
      switch (provider) {
        case "openai-compatible" -> {
          if (baseUrl == null) {
            throw new EvalException("--base-url is required with --provider openai-compatible");
          }
          if (model == null) {
            throw new EvalException("--model is required with --provider openai-compatible: the name the server"
                + " serves the model under");
          }
          OpenAiBackend.Builder b = OpenAiBackend.compatible(baseUrl);
          if (model != null) {
            b.defaultModel(model);
          }
          if (key != null) {
            b.apiKey(key);
          }
          return b.build();
        }
        case "openai" -> {
          OpenAiBackend.Builder b = OpenAiBackend.builder().apiKey(required(key));
          if (baseUrl != null) {
            b.baseUrl(baseUrl);
          }
          return b.build();
        }
        case "anthropic" -> {
          AnthropicBackend.Builder b = AnthropicBackend.builder().apiKey(required(key));
          if (baseUrl != null) {
            b.baseUrl(baseUrl);
          }
          return b.build();
        }
        default -> throw new EvalException("--provider: one of openai-compatible, openai, anthropic; was " + provider);
      }
    }

    private static String required(@Nullable String key) {
      if (key == null) {
        throw new EvalException("--api-key-env is required for this provider");
      }
      return key;
    }

    GenerationParameters parameters() {
      return GenerationParameters.builder().model(model).temperature(temperature).maxTokens(maxTokens).seed(seed)
          .build();
    }

    RequestFactory requests(Caller caller) {
      if (user == null) {
        throw new EvalException("--user is required: the user message template, or @file");
      }
      return RequestFactory.inline(caller, text(system), text(user), parameters());
    }

    static String text(String valueOrFile) {
      if (!valueOrFile.startsWith("@")) {
        return valueOrFile;
      }
      try {
        return Files.readString(Path.of(valueOrFile.substring(1)));
      } catch (IOException e) {
        throw new EvalException("cannot read " + valueOrFile.substring(1) + ": " + e.getMessage(), e);
      }
    }
  }

  static final Caller CALLER = Caller.of("hai-eval", "evaluator", "evaluation", PurposeOfUse.OPERATIONS);

  static Dataset dataset(String spec) {
    return spec.startsWith("example:") ? Dataset.example(spec.substring("example:".length())) : Dataset.load(Path.of(spec));
  }

  /** {@code hai-eval run}. */
  @Command(name = "run", mixinStandardHelpOptions = true,
      description = "Run a dataset through a model, append results to a run file (rerun to resume).")
  static final class Run implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin BackendOptions backend = new BackendOptions();

    @Option(names = "--dataset", required = true, paramLabel = "FILE|example:NAME",
        description = "A dataset file, or example:triage-urgency.jsonl / example:medication-extraction.jsonl.")
    String dataset;

    @Option(names = "--out", required = true, paramLabel = "RUN.jsonl", description = "The run file (resumed if it exists).")
    Path out;

    @Option(names = "--task", required = true, paramLabel = "TASK",
        description = "classification, extraction or text: picks the metrics.")
    String task;

    @Option(names = "--labels", split = ",", paramLabel = "L1,L2",
        description = "Classification labels. Default: the dataset's expected labels.")
    @Nullable List<String> labels;

    @Option(names = "--label", paramLabel = "NAME", description = "The run's name in reports.")
    @Nullable String label;

    @Option(names = "--concurrency", defaultValue = "4", paramLabel = "N", description = "Calls in flight. Default: ${DEFAULT-VALUE}.")
    int concurrency = 4;

    @Option(names = "--no-progress", description = "Do not draw the progress bar.")
    boolean noProgress;

    @Override
    public Integer call() {
      Dataset d = dataset(dataset);
      PrintStream err = new PrintStream(new WriterStream(spec.commandLine().getErr()), true, StandardCharsets.UTF_8);
      try (ClinicalModelClient client = ClinicalModelClient.builder().backend(backend.backend()).build()) {
        Evaluation.Builder b = Evaluation.builder().client(client).dataset(d).request(backend.requests(CALLER))
            .runFile(out).concurrency(concurrency);
        switch (task) {
          case "classification" -> b.labels(labels == null ? d.labels() : labels).metrics(Metrics.classification());
          case "extraction" -> b.metrics(Metrics.extraction());
          case "text" -> b.metrics(Metrics.text());
          default -> throw new EvalException("--task: one of classification, extraction, text; was " + task);
        }
        if (label != null) {
          b.label(label);
        }
        if (!noProgress) {
          b.progress(err);
        }
        RunResult run = b.build().run();
        printSummary(spec.commandLine().getOut(), run);
        return 0;
      }
    }
  }

  static void printSummary(PrintWriter out, RunResult run) {
    out.printf(Locale.ROOT, "%s: %d items, %d failed calls (dataset %s %s)%n", run.label(), run.items().size(),
        run.failedCalls(), run.dataset(), run.datasetSha256().substring(0, Math.min(12, run.datasetSha256().length())));
    if (!run.prompts().isEmpty()) {
      out.println("  prompt " + String.join(", ", run.prompts()));
    }
    for (RunResult.MetricSummary m : run.summary(Bootstrap.DEFAULT).values()) {
      out.printf(Locale.ROOT, "  %-22s %.3f  (95%% CI %.3f..%.3f, n=%d)%n", m.metric(), m.overall().mean(),
          m.overall().lower(), m.overall().upper(), m.overall().n());
    }
    out.flush();
  }

  /** The two run files that {@code compare} and {@code gate} read. */
  static final class RunPair {
    @Option(names = "--baseline", required = true, paramLabel = "RUN.jsonl", description = "The run compared against.")
    Path baseline;

    @Option(names = "--candidate", required = true, paramLabel = "RUN.jsonl", description = "The new run.")
    Path candidate;

    RunComparison compare(Bootstrap bootstrap) {
      return new RunComparison(RunResult.read(baseline), RunResult.read(candidate), bootstrap);
    }
  }

  /** {@code hai-eval compare}. */
  @Command(name = "compare", mixinStandardHelpOptions = true,
      description = "Compare two runs item by item: paired bootstrap, Wilcoxon, McNemar, flipped items.")
  static final class Compare implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin RunPair runs = new RunPair();
    @Option(names = "--html", paramLabel = "FILE", description = "Also write the HTML report.") @Nullable Path html;
    @Option(names = "--resamples", defaultValue = "2000", paramLabel = "N", description = "Bootstrap resamples. Default: ${DEFAULT-VALUE}.")
    int resamples = 2000;
    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Bootstrap seed. Default: ${DEFAULT-VALUE}.")
    long seed = 42;

    @Override
    public Integer call() {
      RunComparison c = runs.compare(new Bootstrap(resamples, seed));
      printComparison(spec.commandLine().getOut(), c);
      if (html != null) {
        Reports.writeHtml(html, c.baseline().label() + " vs " + c.candidate().label(), c, null, List.of());
      }
      return 0;
    }
  }

  static void printComparison(PrintWriter out, RunComparison c) {
    out.printf(Locale.ROOT, "baseline %s, candidate %s%n", c.baseline().label(), c.candidate().label());
    out.printf(Locale.ROOT, "  %-20s %8s %8s %8s %19s %10s %10s %10s %5s %5s%n", "metric", "base", "cand", "change",
        "95% CI", "p(boot)", "p(wilcox)", "p(mcnemar)", "p->f", "f->p");
    for (RunComparison.MetricComparison m : c.metrics().values()) {
      out.printf(Locale.ROOT, "  %-20s %8.4f %8.4f %+8.4f %+9.4f..%+8.4f %10.4g %10.4g %10.4g %5d %5d%n", m.metric(),
          m.baseline().mean(), m.candidate().mean(), m.difference().mean(), m.difference().lower(),
          m.difference().upper(), m.paired().pValue(), m.wilcoxon().pValue(), m.mcnemar().pValue(),
          m.regressed().size(), m.improved().size());
    }
    out.flush();
  }

  /** {@code hai-eval gate}. */
  @Command(name = "gate", mixinStandardHelpOptions = true,
      description = "Check gate rules on two runs; exit 1 when a rule fails.")
  static final class GateCmd implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin RunPair runs = new RunPair();
    @Option(names = "--rules", required = true, paramLabel = "gate.yaml", description = "The gate rules (see the README).")
    Path rules;
    @Option(names = "--junit", paramLabel = "FILE", description = "Write JUnit XML here.") @Nullable Path junit;
    @Option(names = "--html", paramLabel = "FILE", description = "Write the HTML report here.") @Nullable Path html;

    @Override
    public Integer call() {
      Gate gate = Gate.load(rules);
      RunComparison c = runs.compare(Bootstrap.DEFAULT);
      GateResult result = gate.evaluate(c);
      PrintWriter out = spec.commandLine().getOut();
      for (GateResult.RuleResult r : result.rules()) {
        out.printf(Locale.ROOT, "%s  %s: %s%n", r.passed() ? "PASS" : "FAIL", r.rule().name(), r.detail());
      }
      out.println(result.passed() ? "gate passed" : "gate FAILED: " + result.failures().size() + " rule(s)");
      out.flush();
      if (junit != null) {
        Reports.writeJUnitXml(junit, result);
      }
      if (html != null) {
        Reports.writeHtml(html, "Gate: " + c.baseline().label() + " vs " + c.candidate().label(), c, result, List.of());
      }
      return result.passed() ? 0 : FAILED;
    }
  }

  /** {@code hai-eval determinism}. */
  @Command(name = "determinism", mixinStandardHelpOptions = true,
      description = "Send one request N times per temperature and report how much the answers vary; exit 1 past a bound.")
  static final class Determinism implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin BackendOptions backend = new BackendOptions();

    @Option(names = "--dataset", paramLabel = "FILE|example:NAME",
        description = "Take the input from this dataset's item (--item); else --user is sent as it is.")
    @Nullable String dataset;

    @Option(names = "--item", paramLabel = "ID", description = "The dataset item to repeat. Default: the first.")
    @Nullable String item;

    @Option(names = "--repeats", defaultValue = "20", paramLabel = "N", description = "Calls per temperature. Default: ${DEFAULT-VALUE}.")
    int repeats = 20;

    @Option(names = "--temperatures", split = ",", defaultValue = "0.0,0.3,0.7", paramLabel = "T1,T2",
        description = "Temperatures to compare. Default: ${DEFAULT-VALUE}.")
    List<Double> temperatures = new ArrayList<>(List.of(0.0, 0.3, 0.7));

    @Option(names = "--labels", split = ",", paramLabel = "L1,L2", description = "Measure the label flip rate.")
    @Nullable List<String> labels;

    @Option(names = "--max-distinct-ratio", paramLabel = "X",
        description = "Alert (exit 1) when the distinct-answer ratio exceeds X.")
    @Nullable Double maxDistinct;
    @Option(names = "--max-edit-distance", paramLabel = "X",
        description = "Alert (exit 1) when the mean pairwise edit distance exceeds X.")
    @Nullable Double maxEdit;
    @Option(names = "--max-label-flip-rate", paramLabel = "X",
        description = "Alert (exit 1) when the label flip rate exceeds X.")
    @Nullable Double maxFlip;

    @Option(names = "--html", paramLabel = "FILE", description = "Write the HTML report here.") @Nullable Path html;

    @Override
    public Integer call() {
      ClinicalRequest request;
      if (dataset != null) {
        Dataset d = dataset(dataset);
        request = backend.requests(CALLER).request(item == null ? d.items().get(0) : d.item(item));
      } else {
        if (backend.user == null) {
          throw new EvalException("give --user TEXT, or --dataset with --item");
        }
        ClinicalRequest.Builder b = ClinicalRequest.builder().caller(CALLER).parameters(backend.parameters());
        String system = BackendOptions.text(backend.system);
        if (!system.isBlank()) {
          b.system(system);
        }
        request = b.user(BackendOptions.text(backend.user)).build();
      }
      List<dev.hai.eval.DivergenceListener.Alert> alerts = new ArrayList<>();
      try (ClinicalModelClient client = ClinicalModelClient.builder().backend(backend.backend()).build()) {
        DeterminismHarness.Builder hb = DeterminismHarness.builder().client(client).repeats(repeats)
            .thresholds(new DeterminismHarness.Thresholds(nan(maxDistinct), nan(maxEdit), nan(maxFlip)))
            .listener(alerts::add);
        if (labels != null) {
          hb.labels(labels);
        }
        List<DeterminismReport> reports = hb.build().compareTemperatures(request, temperatures, backend.seed);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "  %-26s %6s %6s %8s %8s %8s %8s%n", "setting", "calls", "failed", "distinct", "ratio",
            "edit", "flips");
        for (DeterminismReport r : reports) {
          out.printf(Locale.ROOT, "  %-26s %6d %6d %8d %8.3f %8.3f %8.3f%n", r.setting(), r.repeats(), r.failures(),
              r.distinctOutputs(), r.distinctRatio(), r.meanEditDistance(), r.labelFlipRate());
        }
        for (var a : alerts) {
          out.println("ALERT " + a.report().setting() + ": " + String.join("; ", a.exceeded()));
        }
        out.flush();
        if (html != null) {
          Reports.writeHtml(html, "Determinism", null, null, reports);
        }
      }
      return alerts.isEmpty() ? 0 : FAILED;
    }

    private static double nan(@Nullable Double v) {
      return v == null ? Double.NaN : v;
    }
  }

  /** An OutputStream onto picocli's error writer, for the progress bar. */
  private static final class WriterStream extends java.io.OutputStream {
    private final PrintWriter writer;

    WriterStream(PrintWriter writer) {
      this.writer = writer;
    }

    @Override
    public void write(int b) {
      writer.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      writer.write(new String(b, off, len, StandardCharsets.UTF_8));
    }

    @Override
    public void flush() {
      writer.flush();
    }
  }
}
