package dev.hai.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hai.core.spi.ModelBackend;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCliTest {

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int cli(Function<String, ModelBackend> backends, String... args) {
    out.reset();
    err.reset();
    return EvalCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), backends);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private Path runTriage(String label, Function<String, String> model) {
    Path run = dir.resolve(label + ".jsonl");
    int status = cli(p -> new FunctionBackend(model, 0), "run", "--dataset", "example:triage-urgency.jsonl",
        "--task", "classification", "--user", "Message: {{message}}", "--system", "Triage.", "--label", label,
        "--out", run.toString(), "--no-progress");
    assertThat(status).as(err()).isZero();
    return run;
  }

  @Test
  void run_openAiCompatibleWithoutModel_isAUsageErrorNamingTheOption() {
    // The real backend options (no stand-in): the server is never reached.
    int status = cli(null, "run", "--dataset", "example:triage-urgency.jsonl", "--task", "classification",
        "--base-url", "http://127.0.0.1:9/v1", "--user", "Message: {{message}}", "--out",
        dir.resolve("r.jsonl").toString(), "--no-progress");

    assertThat(status).isEqualTo(2);
    assertThat(err()).contains("--model is required with --provider openai-compatible");
  }

  /* --- run, compare, gate --- */

  @Test
  void runCompareGate_endToEnd_regressionFailsTheGate() throws IOException {
    Path good = runTriage("good", EvaluationTest::keywordTriage);
    assertThat(out()).contains("good: 66 items, 0 failed calls").contains("label_accuracy").contains("95% CI");
    // A model that misses strokes: the red-flag items with slurred speech stop escalating.
    Path worse = runTriage("worse", u -> u.contains("slurred") ? "routine" : EvaluationTest.keywordTriage(u));
    Path rules = Files.writeString(dir.resolve("gate.yaml"), """
        rules:
          - name: no red-flag item may stop escalating
            metric: escalation
            tag: red_flag=true
            no_new_failures: true
          - name: accuracy must not drop by more than 0.2
            metric: label_accuracy
            max_drop: 0.2
        """);
    Path junit = dir.resolve("reports/TEST-gate.xml");
    Path html = dir.resolve("reports/report.html");

    int compare = cli(p -> null, "compare", "--baseline", good.toString(), "--candidate", worse.toString());
    assertThat(compare).isZero();
    assertThat(out()).contains("label_accuracy").contains("escalation");

    int same = cli(p -> null, "gate", "--baseline", good.toString(), "--candidate", good.toString(), "--rules",
        rules.toString());
    assertThat(same).isZero();
    assertThat(out()).contains("gate passed");

    int gate = cli(p -> null, "gate", "--baseline", good.toString(), "--candidate", worse.toString(), "--rules",
        rules.toString(), "--junit", junit.toString(), "--html", html.toString());
    assertThat(gate).isEqualTo(1);
    assertThat(out()).contains("FAIL  no red-flag item may stop escalating: 3 item(s) went from pass to fail")
        .contains("PASS  accuracy must not drop").contains("gate FAILED: 1 rule(s)");
    assertThat(Files.readString(junit)).contains("failures=\"1\"");
    assertThat(Files.readString(html)).contains("<svg").contains("Confusion matrices");
  }

  @Test
  void run_rerun_resumesWithoutCallingAgain() {
    Path run = runTriage("r", EvaluationTest::keywordTriage);
    FunctionBackend counting = new FunctionBackend(EvaluationTest::keywordTriage, 0);

    int status = cli(p -> counting, "run", "--dataset", "example:triage-urgency.jsonl", "--task", "classification",
        "--user", "Message: {{message}}", "--out", run.toString(), "--no-progress");

    assertThat(status).isZero();
    assertThat(counting.calls()).isZero();
  }

  /* --- determinism --- */

  @Test
  void determinism_boundExceeded_exitsOne_andWritesTheReport() {
    java.util.concurrent.atomic.AtomicInteger i = new java.util.concurrent.atomic.AtomicInteger();
    Path html = dir.resolve("det.html");

    int status = cli(p -> new FunctionBackend(u -> i.getAndIncrement() % 3 == 0 ? "urgent" : "routine", 0),
        "determinism", "--dataset", "example:triage-urgency.jsonl", "--item", "tri-020", "--user", "{{message}}",
        "--repeats", "6", "--temperatures", "0,0.7", "--seed", "42", "--labels", "emergency,urgent,routine",
        "--max-label-flip-rate", "0.1", "--html", html.toString());

    assertThat(status).as(err()).isEqualTo(1);
    assertThat(out()).contains("temperature 0.0, seed 42").contains("temperature 0.7, seed 42")
        .contains("ALERT temperature 0.0, seed 42: label flip rate 0.333 > 0.100");
    assertThat(html).exists();
  }

  @Test
  void determinism_stable_exitsZero() {
    int status = cli(p -> new FunctionBackend(u -> "routine", 0), "determinism", "--user", "Mild hay fever",
        "--repeats", "3", "--max-distinct-ratio", "0.5");

    assertThat(status).as(err()).isZero();
    assertThat(out()).doesNotContain("ALERT");
  }

  /* --- usage --- */

  @Test
  void badInput_exitsTwo_withWhatToFix() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"id\":1}\n");

    assertThat(cli(p -> null, "run", "--dataset", bad.toString(), "--task", "text", "--user", "x", "--out",
        dir.resolve("o.jsonl").toString())).isEqualTo(2);
    assertThat(err()).contains("bad.jsonl:1: 'id' must be a string");
    assertThat(cli(p -> null, "gate", "--baseline", "x")).isEqualTo(2);
    assertThat(err()).contains("Missing required options");
    assertThat(cli(p -> null)).isEqualTo(2);
    assertThat(out()).contains("run").contains("compare").contains("gate").contains("determinism").contains("rollout");
  }

  @Test
  void help_ofEveryRolloutCommand_rendersWithoutFormatWarnings() {
    // picocli formats descriptions with String.format: a bare '%' makes it print a WARN on
    // System.err and show the raw text.
    java.io.PrintStream saved = System.err;
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    try {
      for (String sub : List.of("report", "apply")) {
        assertThat(cli(p -> null, "rollout", sub, "--help")).isZero();
        assertThat(out()).contains("share to 100% (or,");
      }
    } finally {
      System.setErr(saved);
    }
    assertThat(stderr.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
  }
}
