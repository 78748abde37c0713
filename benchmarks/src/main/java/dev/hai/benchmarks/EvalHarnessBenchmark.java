package dev.hai.benchmarks;

import dev.hai.core.Caller;
import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.GenerationParameters;
import dev.hai.core.PurposeOfUse;
import dev.hai.eval.Dataset;
import dev.hai.eval.DatasetItem;
import dev.hai.eval.Evaluation;
import dev.hai.eval.Expected;
import dev.hai.eval.Metrics;
import dev.hai.eval.RequestFactory;
import dev.hai.eval.RunResult;
import dev.hai.eval.metrics.TokenF1;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A 1,000-item evaluation against a backend that answers at once: the harness's own cost. {@code
 * baselineCalls1000} makes the same 1,000 {@code client.call}s in a loop with no harness; {@code
 * evaluation1000} runs them through {@link Evaluation} (4 threads, label accuracy, the escalation
 * and safety rules, token F1); {@code evaluation1000RunFile} also appends every item to a new run
 * file. Per-item overhead = (evaluation − baseline) / 1000.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar EvalHarness}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EvalHarnessBenchmark {
  static final int ITEMS = 1000;
  static final Caller CALLER = Caller.of("bench", "evaluator", "bench", PurposeOfUse.OPERATIONS);

  private ClinicalModelClient client;
  private Dataset dataset;
  private RequestFactory requests;
  private Path dir;
  private int run;

  @Setup
  public void setUp() throws IOException {
    client = ClinicalModelClient.builder().backend(new InstantBackend()).build();
    List<DatasetItem> items = new ArrayList<>();
    String[] labels = {"emergency", "urgent", "routine"};
    for (int i = 0; i < ITEMS; i++) {
      items.add(new DatasetItem("b-" + i, Map.of("message", "Caller reports case " + i + " with ear pain and fever."),
          new Expected("Stable; discharge with follow-up.", labels[i % 3], List.of(), null),
          Map.of("difficulty", i % 2 == 0 ? "easy" : "hard"), null));
    }
    dataset = new Dataset("bench.jsonl", "0".repeat(64), items);
    requests = RequestFactory.inline(CALLER, "Triage the message.", "Message: {{message}}",
        GenerationParameters.none());
    dir = Files.createTempDirectory("hai-eval-bench");
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    client.close();
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    Files.delete(dir);
  }

  private Evaluation.Builder evaluation() {
    return Evaluation.builder()
        .client(client)
        .dataset(dataset)
        .request(requests)
        .labels(List.of("emergency", "urgent", "routine"))
        .metrics(Metrics.classification())
        .metric(TokenF1.normalised())
        .concurrency(4);
  }

  @Benchmark
  public int baselineCalls1000() {
    int ok = 0;
    for (DatasetItem item : dataset.items()) {
      ClinicalRequest request = requests.request(item);
      ok += client.call(request).isSuccess() ? 1 : 0;
    }
    return ok;
  }

  @Benchmark
  public RunResult evaluation1000() {
    return evaluation().build().run();
  }

  @Benchmark
  public RunResult evaluation1000RunFile() {
    return evaluation().runFile(dir.resolve("run-" + (run++) + ".jsonl")).build().run();
  }
}
