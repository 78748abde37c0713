package dev.hai.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hai.eval.stats.McNemar;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class GateTest {

  static final String GATE = """
      rules:
        - name: F1 must not drop by more than 0.02 with p < 0.05
          metric: f1
          max_drop: 0.02
          alpha: 0.05
        - name: no red-flag item may stop escalating
          metric: escalation
          tag: red_flag=true
          no_new_failures: true
        - name: accuracy at least 0.5
          metric: accuracy
          min: 0.5
      """;

  /** 60 items; f1 per item from the function, escalation 1 unless listed, accuracy as given. */
  static RunResult run(String label, java.util.function.IntToDoubleFunction f1, List<Integer> notEscalating,
      java.util.function.IntToDoubleFunction accuracy) {
    List<ItemResult> items = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      Map<String, String> tags = Map.of("red_flag", i < 20 ? "true" : "false");
      Map<String, Double> scores = Map.of("f1", f1.applyAsDouble(i), "escalation",
          notEscalating.contains(i) ? 0.0 : 1.0, "accuracy", accuracy.applyAsDouble(i));
      items.add(new ItemResult("it-" + i, "success", "answer <" + i + ">", null, tags, scores, null, null, 5, null, null));
    }
    return new RunResult(label, "d.jsonl", "abc123", List.of("f1", "escalation", "accuracy"), List.of(), items);
  }

  static double base(int i) {
    return 0.5 + (i % 10) / 20.0;
  }

  /* --- comparison --- */

  @Test
  void compare_flipsAndMcNemar_comeFromThePairs() {
    RunResult a = run("a", GateTest::base, List.of(), i -> i % 3 == 0 ? 0 : 1);
    RunResult b = run("b", GateTest::base, List.of(), i -> i % 2 == 0 ? 0 : 1);

    RunComparison.MetricComparison m = RunComparison.of(a, b).metric("accuracy");

    // passed in a (i % 3 != 0) and failed in b (i % 2 == 0): i % 6 in {2, 4}
    assertThat(m.regressed()).hasSize(20).contains("it-2", "it-4").doesNotContain("it-0");
    assertThat(m.improved()).hasSize(10).contains("it-3");
    assertThat(m.binary()).isTrue();
    assertThat(m.mcnemar()).isEqualTo(McNemar.exact(20, 10, 60));
    assertThat(m.pValue()).isEqualTo(m.mcnemar().pValue());
  }

  @Test
  void compare_differentDatasetVersions_isRefused() {
    RunResult a = run("a", GateTest::base, List.of(), i -> 1);
    RunResult b = new RunResult("b", "d.jsonl", "other", a.metrics(), List.of(), a.items());

    assertThatThrownBy(() -> RunComparison.of(a, b)).hasMessageContaining("different datasets");
  }

  /* --- gate --- */

  @Test
  void gate_sameRuns_pass() {
    RunResult a = run("a", GateTest::base, List.of(), i -> 1);

    GateResult r = Gate.parse("gate.yaml", GATE).evaluate(RunComparison.of(a, a));

    assertThat(r.passed()).isTrue();
    assertThat(r.rules()).hasSize(3);
  }

  @Test
  void gate_significantDrop_redFlagRegression_andLowAccuracy_fail() {
    RunResult a = run("a", GateTest::base, List.of(), i -> 1);
    RunResult b = run("b", i -> base(i) - 0.05, List.of(3, 30), i -> i % 4 == 0 ? 1 : 0);

    GateResult r = Gate.parse("gate.yaml", GATE).evaluate(RunComparison.of(a, b));

    assertThat(r.passed()).isFalse();
    assertThat(r.failures()).extracting(f -> f.rule().metric()).containsExactly("f1", "escalation", "accuracy");
    assertThat(r.rules().get(0).detail()).contains("change -0.0500").contains("paired-bootstrap");
    // item 30 is not red-flag: only item 3 counts
    assertThat(r.rules().get(1).detail()).isEqualTo("1 item(s) went from pass to fail: it-3");
  }

  @Test
  void gate_dropWithinTolerance_orNotSignificant_passes() {
    RunResult a = run("a", GateTest::base, List.of(), i -> 1);
    RunResult small = run("b", i -> base(i) - 0.01, List.of(30), i -> 1);
    // a large but noisy change: half the items up, half down
    RunResult noisy = run("c", i -> base(i) + (i % 2 == 0 ? 0.3 : -0.36), List.of(), i -> 1);

    Gate gate = Gate.parse("gate.yaml", GATE);

    assertThat(gate.evaluate(RunComparison.of(a, small)).passed()).isTrue();
    GateResult r = gate.evaluate(RunComparison.of(a, noisy));
    assertThat(r.rules().get(0).passed()).as(r.rules().get(0).detail()).isTrue();
  }

  @Test
  void gate_passAt_decidesWhichDropsAreFlips() {
    RunResult a = run("a", GateTest::base, List.of(), i -> 1);
    RunResult b = run("b", i -> base(i) - 0.05, List.of(), i -> 1);
    // f1 0.95 -> 0.90 crosses 0.9 only where base(i) - 0.05 < 0.9 <= base(i): i % 10 in {8, 9}
    Gate gate = Gate.parse("g", "rules:\n  - metric: f1\n    no_new_failures: true\n    pass_at: 0.9\n");

    GateResult r = gate.evaluate(RunComparison.of(a, b));

    assertThat(r.passed()).isFalse();
    assertThat(r.rules().get(0).comparison().regressed()).hasSize(12).contains("it-8", "it-9", "it-18");
  }

  @Test
  void gate_incompleteCandidateRun_failsEveryRule_namingTheMissingItems() {
    RunResult a = run("a", GateTest::base, List.of(), i -> 1);
    // The candidate run stopped after 10 items (a crash, a timeout in CI): its 10 items are as good
    // as the baseline's, and the 50 it never ran (14 of them red-flag) must not pass the gate.
    RunResult full = run("b", GateTest::base, List.of(), i -> 1);
    RunResult b = new RunResult("b", full.dataset(), full.datasetSha256(), full.metrics(), List.of(),
        full.items().subList(0, 10));

    GateResult r = Gate.parse("gate.yaml", GATE).evaluate(RunComparison.of(a, b));

    assertThat(r.passed()).isFalse();
    assertThat(r.failures()).hasSize(3);
    assertThat(r.rules().get(0).detail()).contains("50 baseline item(s) have no result in the candidate run");
    assertThat(r.rules().get(1).detail()).contains("10 baseline item(s) have no result in the candidate run");
  }

  @Test
  void gate_incompleteBaselineRun_fails() {
    RunResult full = run("a", GateTest::base, List.of(), i -> 1);
    RunResult a = new RunResult("a", full.dataset(), full.datasetSha256(), full.metrics(), List.of(),
        full.items().subList(0, 30));

    GateResult r = Gate.parse("gate.yaml", GATE).evaluate(RunComparison.of(a, full));

    assertThat(r.passed()).isFalse();
    assertThat(r.rules().get(2).detail()).contains("30 candidate item(s) have no result in the baseline run");
  }

  @Test
  void gate_missingMetric_fails_withTheSharedMetrics() {
    RunResult a = run("a", GateTest::base, List.of(), i -> 1);

    GateResult r = new Gate(List.of(GateRule.min("bleu high", "bleu", 0.3))).evaluate(RunComparison.of(a, a));

    assertThat(r.passed()).isFalse();
    assertThat(r.rules().get(0).detail()).contains("'bleu' is not in both runs");
  }

  @Test
  void parse_badRules_sayWhatToFix() {
    assertThatThrownBy(() -> Gate.parse("g.yaml", "rules:\n  - metric: f1\n    max_dorp: 0.1\n"))
        .hasMessageContaining("g.yaml: rule 1: unknown key 'max_dorp'");
    assertThatThrownBy(() -> Gate.parse("g.yaml", "rules:\n  - metric: f1\n    min: 0.1\n    max_drop: 0.1\n"))
        .hasMessageContaining("exactly one of max_drop, min, no_new_failures");
    assertThatThrownBy(() -> Gate.parse("g.yaml", "rules:\n  - metric: f1\n    min: high\n"))
        .hasMessage("g.yaml: rule 1: 'min' must be a number");
    assertThatThrownBy(() -> Gate.parse("g.yaml", "checks: []\n")).hasMessageContaining("'rules:' list");
  }

  @Test
  void parse_numbersThatWouldMakeARuleVacuous_areRefused() {
    // pass_at 90 (a percentage): no baseline item would pass, so no item could regress.
    assertThatThrownBy(() -> Gate.parse("g.yaml", "rules:\n  - metric: escalation\n    no_new_failures: true\n"
        + "    pass_at: 90\n")).hasMessageContaining("g.yaml: rule 1").hasMessageContaining("pass_at must be above 0"
        + " and at most 1");
    assertThatThrownBy(() -> Gate.parse("g.yaml", "rules:\n  - metric: f1\n    no_new_failures: true\n    pass_at: 0\n"))
        .hasMessageContaining("pass_at must be above 0 and at most 1");
  }

  @Test
  void gateRule_inCode_passAtOrMaxDropThatCouldNeverFail_isRefused() {
    assertThatThrownBy(() -> new GateRule("r", "f1", null, null, null, null, true, 1.5))
        .isInstanceOf(EvalException.class).hasMessageContaining("pass_at must be above 0 and at most 1");
    // NaN compares false with everything: the drop would never be too large.
    assertThatThrownBy(() -> GateRule.maxDrop("r", "f1", Double.NaN, null))
        .isInstanceOf(EvalException.class).hasMessageContaining("max_drop must be a number of at least 0");
  }

  /* --- reports --- */

  @Test
  void junitXml_isWellFormed_oneCasePerRule_failuresCounted() throws Exception {
    RunResult a = run("a", GateTest::base, List.of(), i -> 1);
    RunResult b = run("b", i -> base(i) - 0.05, List.of(3), i -> 1);
    GateRule odd = GateRule.min("accuracy <\"&'> odd name", "accuracy", 0.5);
    Gate gate = new Gate(List.of(Gate.parse("g", GATE).rules().get(0), odd));

    String xml = Reports.junitXml(gate.evaluate(RunComparison.of(a, b)));

    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    assertThat(doc.getDocumentElement().getAttribute("tests")).isEqualTo("2");
    assertThat(doc.getDocumentElement().getAttribute("failures")).isEqualTo("1");
    assertThat(doc.getElementsByTagName("testcase").item(1).getAttributes().getNamedItem("name").getNodeValue())
        .isEqualTo("accuracy <\"&'> odd name");
    assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(1);
  }

  @Test
  void html_isSelfContained_escapesAnswers_andHasTheSections() {
    RunResult a = run("baseline <v1>", GateTest::base, List.of(), i -> 1);
    RunResult b = run("candidate", i -> base(i) - 0.05, List.of(3), i -> i == 7 ? 0 : 1);
    RunComparison c = RunComparison.of(a, b);
    DeterminismReport det = new DeterminismReport("temperature 0.7", 0.7, 42L, 10, 0, 4, 0.4, 0.2, Double.NaN,
        0.1, 0.6, 12, List.of(new DeterminismReport.VaryingPart("Take <script>alert(1)</script>", 0.5)), 30);

    String html = Reports.html("Triage & more", c, Gate.parse("g", GATE).evaluate(c), List.of(det));

    assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").contains("Gate: <span class=\"fail\">FAILED")
        .contains("Per tag").contains("red_flag=true").contains("Flipped items").contains("Determinism")
        .contains("answer &lt;3&gt;").contains("baseline &lt;v1&gt;").contains("Triage &amp; more")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(html).doesNotContain("<script").doesNotContain("src=").doesNotContain("href=")
        .doesNotContain("answer <3>");
  }
}
