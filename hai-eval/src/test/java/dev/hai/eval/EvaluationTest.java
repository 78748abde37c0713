package dev.hai.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hai.core.Caller;
import dev.hai.core.ClinicalModelClient;
import dev.hai.core.GenerationParameters;
import dev.hai.core.PurposeOfUse;
import dev.hai.core.RetryPolicy;
import dev.hai.core.spi.BackendException;
import dev.hai.core.spi.FailureKind;
import dev.hai.eval.metrics.SetF1;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationTest {

  static final Caller CALLER = Caller.of("eval-bot", "evaluator", "clinical-safety", PurposeOfUse.OPERATIONS);
  static final List<String> LABELS = List.of("emergency", "urgent", "routine");

  @TempDir Path dir;

  /** Answers "emergency" for red-flag-looking messages, "routine" otherwise: a plausible triage model. */
  static String keywordTriage(String user) {
    String m = user.toLowerCase(Locale.ROOT);
    if (m.contains("chest pain") || m.contains("slurred") || m.contains("blood") || m.contains("blue")) {
      return "EMERGENCY - call 999";
    }
    return m.contains("fever") ? "Urgent" : "routine";
  }

  static ClinicalModelClient client(FunctionBackend backend) {
    return ClinicalModelClient.builder().backend(backend).retryPolicy(RetryPolicy.none()).build();
  }

  static Evaluation.Builder triage(ClinicalModelClient client) {
    return Evaluation.builder()
        .client(client)
        .dataset(Dataset.example(Dataset.TRIAGE_URGENCY))
        .request(RequestFactory.inline(CALLER, "Triage the message.", "Message: {{message}}",
            GenerationParameters.builder().temperature(0.0).build()))
        .labels(LABELS)
        .metric(Metrics.redFlagEscalation());
  }

  /* --- run --- */

  @Test
  void run_scoresEveryItem_inDatasetOrder() {
    FunctionBackend backend = new FunctionBackend(EvaluationTest::keywordTriage, 0);
    try (ClinicalModelClient client = client(backend)) {
      RunResult run = triage(client).build().run();

      Dataset d = Dataset.example(Dataset.TRIAGE_URGENCY);
      assertThat(run.items()).extracting(ItemResult::id)
          .containsExactlyElementsOf(d.items().stream().map(DatasetItem::id).toList());
      assertThat(run.metrics()).containsExactly("label_accuracy", "escalation");
      ItemResult first = run.items().get(0); // tri-001: chest pain
      assertThat(first.output()).isEqualTo("EMERGENCY - call 999");
      assertThat(first.predictedLabel()).isEqualTo("emergency");
      assertThat(first.score("label_accuracy")).isEqualTo(1.0);
      assertThat(first.callId()).isNotNull();
      double accuracy = java.util.Arrays.stream(run.scores("label_accuracy")).average().orElseThrow();
      assertThat(accuracy).isBetween(0.3, 0.95);
      assertThat(run.classification()).get().satisfies(r -> assertThat(r.accuracy()).isEqualTo(accuracy));
    }
  }

  @Test
  void run_promptReferenceWithoutRegistry_recordsRejectedItems() {
    FunctionBackend backend = new FunctionBackend(u -> "x", 0);
    try (ClinicalModelClient client = client(backend)) {
      RunResult run = triage(client)
          .request(RequestFactory.promptReference(CALLER, "triage", "production", GenerationParameters.none()))
          .build().run();

      assertThat(run.items()).allSatisfy(i -> {
        assertThat(i.outcome()).isEqualTo("rejected");
        assertThat(i.output()).isEmpty();
        assertThat(i.score("label_accuracy")).isEqualTo(0.0);
      });
      assertThat(backend.calls()).isZero();
    }
  }

  @Test
  void run_concurrency_isBounded() {
    FunctionBackend backend = new FunctionBackend(EvaluationTest::keywordTriage, 15);
    try (ClinicalModelClient client = client(backend)) {
      triage(client).concurrency(3).build().run();

      assertThat(backend.maxInFlight()).isEqualTo(3);
    }
  }

  @Test
  void run_progress_drawsABarEndingAtTotal() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FunctionBackend backend = new FunctionBackend(EvaluationTest::keywordTriage, 0);
    try (ClinicalModelClient client = client(backend)) {
      triage(client).progress(new PrintStream(out, true, StandardCharsets.UTF_8)).build().run();
    }

    String text = out.toString(StandardCharsets.UTF_8);
    int total = Dataset.example(Dataset.TRIAGE_URGENCY).size();
    assertThat(text).contains("] " + total + "/" + total).contains("0 failed").contains("items/s");
  }

  @Test
  void run_requestFactoryThrows_isRecordedAsError_withoutItsMessage() {
    FunctionBackend backend = new FunctionBackend(EvaluationTest::keywordTriage, 0);
    try (ClinicalModelClient client = client(backend)) {
      RunResult run = triage(client)
          .request(item -> {
            throw new IllegalStateException("patient SECRET");
          })
          .build().run();

      assertThat(run.items()).allSatisfy(i -> {
        assertThat(i.outcome()).isEqualTo("error");
        assertThat(i.reason()).isEqualTo("java.lang.IllegalStateException");
        assertThat(i.callId()).isNull();
      });
      assertThat(run.failedCalls()).isEqualTo(run.items().size());
    }
  }

  @Test
  void run_metricThrows_failsNamingIt_afterInFlightItemsAreRecorded() {
    Path file = dir.resolve("run.jsonl");
    Dataset dataset = Dataset.example(Dataset.TRIAGE_URGENCY);
    String broken = dataset.items().get(1).id();
    Metric throwing = picky(broken);
    FunctionBackend backend = new FunctionBackend(EvaluationTest::keywordTriage, 15);
    try (ClinicalModelClient client = client(backend)) {
      assertThatThrownBy(() -> triage(client).metric(throwing).concurrency(4).runFile(file).build().run())
          .isInstanceOf(EvalException.class)
          .hasMessageContaining("metric 'picky'").hasMessageContaining(broken)
          .hasMessageNotContaining("answer");

      // every call that finished is in the run file, but for the one whose metric failed
      int called = backend.calls();
      assertThat(called).isLessThan(dataset.size());
      RunResult partial = RunResult.read(file);
      assertThat(partial.items()).hasSize(called - 1).noneMatch(i -> i.id().equals(broken));

      Metric fixed = picky("(none)");
      RunResult resumed = triage(client).metric(fixed).concurrency(4).runFile(file).build().run();
      assertThat(resumed.items()).hasSize(dataset.size());
      assertThat(backend.calls()).isEqualTo(called + dataset.size() - partial.items().size());
    }
  }

  /** A metric named "picky" scoring 1.0, that throws (with the answer in its message) on one item. */
  private static Metric picky(String brokenItem) {
    return new Metric() {
      @Override
      public String name() {
        return "picky";
      }

      @Override
      public double score(DatasetItem item, String output) {
        if (item.id().equals(brokenItem)) {
          throw new IllegalStateException("answer " + output);
        }
        return 1.0;
      }
    };
  }

  /* --- run file --- */

  @Test
  void rerun_skipsFinishedItems_andReadsBackTheSameResult() {
    Path file = dir.resolve("run.jsonl");
    FunctionBackend backend = new FunctionBackend(EvaluationTest::keywordTriage, 0);
    try (ClinicalModelClient client = client(backend)) {
      RunResult first = triage(client).runFile(file).build().run();
      int callsAfterFirst = backend.calls();

      RunResult second = triage(client).runFile(file).build().run();

      assertThat(backend.calls()).isEqualTo(callsAfterFirst);
      assertThat(second).isEqualTo(first);
      assertThat(RunResult.read(file)).isEqualTo(first);
    }
  }

  @Test
  void rerun_afterCrash_cutsTheTornLine_andRunsOnlyTheMissingItems() throws IOException {
    Path file = dir.resolve("run.jsonl");
    FunctionBackend backend = new FunctionBackend(EvaluationTest::keywordTriage, 0);
    try (ClinicalModelClient client = client(backend)) {
      RunResult full = triage(client).runFile(file).build().run();
      // Simulate a crash: keep the header and 10 items, then half of the 11th line.
      List<String> lines = Files.readAllLines(file);
      String kept = String.join("\n", lines.subList(0, 11)) + "\n" + lines.get(11).substring(0, 40);
      Files.writeString(file, kept, StandardCharsets.UTF_8);
      assertThat(RunResult.read(file).items()).hasSize(10);
      int before = backend.calls();

      RunResult resumed = triage(client).runFile(file).build().run();

      assertThat(backend.calls() - before).isEqualTo(full.items().size() - 10);
      assertThat(resumed.items()).extracting(ItemResult::id)
          .containsExactlyElementsOf(full.items().stream().map(ItemResult::id).toList());
      assertThat(Files.readAllLines(file)).hasSize(1 + full.items().size())
          .allSatisfy(l -> assertThat(l).startsWith("{").endsWith("}"));
    }
  }

  @Test
  void rerun_failedItems_areRunAgain_andTheirLineReplaced() {
    Path file = dir.resolve("run.jsonl");
    Set<String> failOnce = ConcurrentHashMap.newKeySet();
    Function<String, String> flaky = user -> {
      if (user.contains("bee sting") && failOnce.add(user)) {
        throw BackendException.of(FailureKind.INVALID_REQUEST, "refused once");
      }
      return keywordTriage(user);
    };
    FunctionBackend backend = new FunctionBackend(flaky, 0);
    try (ClinicalModelClient client = client(backend)) {
      RunResult first = triage(client).runFile(file).build().run();
      long failed = first.failedCalls();
      assertThat(failed).isPositive();
      assertThat(first.items()).filteredOn(i -> !i.succeeded())
          .allSatisfy(i -> assertThat(i.reason()).startsWith("INVALID_REQUEST"));
      int before = backend.calls();

      RunResult second = triage(client).runFile(file).build().run();

      assertThat(backend.calls() - before).isEqualTo(failed);
      assertThat(second.failedCalls()).isZero();
      assertThat(RunResult.read(file).failedCalls()).isZero();
    }
  }

  @Test
  void rerun_withRetryFailedOff_keepsTheFailedItems() {
    Path file = dir.resolve("run.jsonl");
    Set<String> failOnce = ConcurrentHashMap.newKeySet();
    FunctionBackend backend = new FunctionBackend(user -> {
      if (user.contains("bee sting") && failOnce.add(user)) {
        throw BackendException.of(FailureKind.INVALID_REQUEST, "refused once");
      }
      return keywordTriage(user);
    }, 0);
    try (ClinicalModelClient client = client(backend)) {
      long failed = triage(client).runFile(file).build().run().failedCalls();
      assertThat(failed).isPositive();
      int before = backend.calls();

      RunResult second = triage(client).runFile(file).retryFailed(false).build().run();

      assertThat(backend.calls()).isEqualTo(before);
      assertThat(second.failedCalls()).isEqualTo(failed);
    }
  }

  @Test
  void rerun_withAnotherDatasetVersion_isRefused() throws IOException {
    Path file = dir.resolve("run.jsonl");
    FunctionBackend backend = new FunctionBackend(EvaluationTest::keywordTriage, 0);
    Path other = dir.resolve("other.jsonl");
    Files.writeString(other, DatasetTest.line("x-1", "chest pain") + "\n");
    try (ClinicalModelClient client = client(backend)) {
      triage(client).runFile(file).build().run();

      assertThatThrownBy(() -> triage(client).dataset(Dataset.load(other)).runFile(file).build().run())
          .isInstanceOf(EvalException.class)
          .hasMessageContaining("was written for dataset triage-urgency.jsonl")
          .hasMessageContaining("use a new run file");
    }
  }

  @Test
  void read_editedLineInTheMiddle_namesTheLine() throws IOException {
    Path file = dir.resolve("run.jsonl");
    FunctionBackend backend = new FunctionBackend(EvaluationTest::keywordTriage, 0);
    try (ClinicalModelClient client = client(backend)) {
      triage(client).runFile(file).build().run();
    }
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(file));
    lines.set(3, "{broken");
    Files.write(file, lines, StandardOpenOption.TRUNCATE_EXISTING);

    assertThatThrownBy(() -> RunResult.read(file)).hasMessageContaining("run.jsonl:4:");
  }

  /* --- extraction --- */

  @Test
  void run_extraction_scoresSetF1() {
    FunctionBackend backend = new FunctionBackend(user -> "- metformin 500 mg", 0);
    try (ClinicalModelClient client = client(backend)) {
      RunResult run = Evaluation.builder()
          .client(client)
          .dataset(Dataset.example(Dataset.MEDICATION_EXTRACTION))
          .request(RequestFactory.inline(CALLER, "", "List medications: {{note}}", GenerationParameters.none()))
          .metric(SetF1.normalised())
          .build().run();

      assertThat(run.items()).allSatisfy(i -> assertThat(i.score("set_f1")).isBetween(0.0, 1.0));
      assertThat(run.items()).anySatisfy(i -> assertThat(i.score("set_f1")).isPositive());
    }
  }

  @Test
  void inlineTemplate_unknownPlaceholder_namesItemAndPlaceholder() {
    RequestFactory f = RequestFactory.inline(CALLER, "s", "{{nope}}", GenerationParameters.none());
    DatasetItem item = Dataset.example(Dataset.TRIAGE_URGENCY).items().get(0);

    assertThatThrownBy(() -> f.request(item)).hasMessageContaining("tri-001").hasMessageContaining("{{nope}}");
  }
}
