package dev.hai.eval;

import static dev.hai.eval.internal.Html.cut;
import static dev.hai.eval.internal.Html.esc;
import static dev.hai.eval.internal.Html.num;
import static dev.hai.eval.internal.Html.p;
import static dev.hai.eval.internal.Html.signed;

import dev.hai.eval.internal.Html;
import dev.hai.eval.metrics.ClassificationReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The reports of a comparison, a gate and determinism checks: a self-contained HTML page (inline CSS
 * and SVG, no script, nothing fetched) that a clinician can read, and JUnit XML that CI systems
 * show as test results.
 *
 * <pre>{@code
 * RunComparison c = RunComparison.of(baseline, candidate);
 * GateResult g = Gate.load(Path.of("gate.yaml")).evaluate(c);
 * Reports.writeHtml(Path.of("report.html"), "Triage prompt v2", c, g, List.of());
 * Reports.writeJUnitXml(Path.of("TEST-hai-eval-gate.xml"), g);
 * }</pre>
 *
 * <p>Every text taken from runs (answers, ids, tags, rule names) is HTML- or XML-escaped. Answers
 * appear in the "flipped items" section, cut to 400 characters: the report holds what the run
 * files hold.
 */
public final class Reports {
  private static final String BASE = "#8aa4c8";
  private static final String CAND = "#3d6fb4";
  private static final int FLIPPED_SHOWN = 25;

  private Reports() {}

  /** Writes {@link #html}. */
  public static void writeHtml(Path file, String title, @Nullable RunComparison comparison,
      @Nullable GateResult gate, List<DeterminismReport> determinism) {
    write(file, html(title, comparison, gate, determinism));
  }

  /** Writes {@link #junitXml}. */
  public static void writeJUnitXml(Path file, GateResult gate) {
    write(file, junitXml(gate));
  }

  private static void write(Path file, String text) {
    try {
      if (file.toAbsolutePath().getParent() != null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
      }
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new EvalException("cannot write report " + file + ": " + e.getMessage(), e);
    }
  }

  /** The gate as a JUnit XML test suite: one test case per rule, a failure per failed rule. */
  public static String junitXml(GateResult gate) {
    StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.append("<testsuite name=\"hai-eval gate\" tests=\"").append(gate.rules().size())
        .append("\" failures=\"").append(gate.failures().size()).append("\" errors=\"0\" skipped=\"0\">\n");
    for (GateResult.RuleResult r : gate.rules()) {
      x.append("  <testcase classname=\"hai-eval.gate\" name=\"").append(esc(r.rule().name())).append("\">");
      if (!r.passed()) {
        x.append("\n    <failure message=\"").append(esc(r.detail())).append("\" type=\"GateRuleFailed\">")
            .append(esc(r.rule().metric() + (r.rule().tag() == null ? "" : " [" + r.rule().tag() + "]") + ": "
                + r.detail()))
            .append("</failure>\n  ");
      } else {
        x.append("\n    <system-out>").append(esc(r.detail())).append("</system-out>\n  ");
      }
      x.append("</testcase>\n");
    }
    return x.append("</testsuite>\n").toString();
  }

  /**
   * The HTML report. Sections appear for what is given: the gate's verdict, per-metric bars with
   * 95% intervals, the statistics table, the per-tag breakdown, confusion matrices, flipped items,
   * and determinism results.
   */
  public static String html(String title, @Nullable RunComparison comparison, @Nullable GateResult gate,
      List<DeterminismReport> determinism) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
        .append("</title><style>")
        .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px;color:#222}")
        .append("table{border-collapse:collapse;margin:0.5em 0 1.5em}td,th{border:1px solid #ccc;padding:4px 8px;")
        .append("text-align:right;font-size:13px}th{background:#f3f3f3}td.l,th.l{text-align:left}")
        .append(".pass{color:#17703a;font-weight:bold}.fail{color:#b3261e;font-weight:bold}")
        .append(".legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px}")
        .append("pre{white-space:pre-wrap;margin:0;font-size:12px;max-width:420px}")
        .append("</style></head><body>\n<h1>").append(esc(title)).append("</h1>\n");
    if (gate != null) {
      gateSection(h, gate);
    }
    if (comparison != null) {
      comparisonSections(h, comparison);
    }
    if (!determinism.isEmpty()) {
      determinismSection(h, determinism);
    }
    h.append("<p style=\"color:#777;font-size:12px\">");
    if (comparison != null) {
      h.append("Intervals are 95% percentile bootstrap intervals (").append(comparison.bootstrap().resamples())
          .append(" resamples, seed ").append(comparison.bootstrap().seed()).append("). ");
    }
    h.append("Generated by hai-eval.</p>\n</body></html>\n");
    return h.toString();
  }

  private static void gateSection(StringBuilder h, GateResult gate) {
    h.append("<h2>Gate: <span class=\"").append(gate.passed() ? "pass\">PASSED" : "fail\">FAILED")
        .append("</span></h2>\n<table><tr><th class=\"l\">rule</th><th class=\"l\">metric</th><th>result</th>")
        .append("<th class=\"l\">detail</th></tr>\n");
    for (GateResult.RuleResult r : gate.rules()) {
      h.append("<tr><td class=\"l\">").append(esc(r.rule().name())).append("</td><td class=\"l\">")
          .append(esc(r.rule().metric() + (r.rule().tag() == null ? "" : " [" + r.rule().tag() + "]")))
          .append("</td><td class=\"").append(r.passed() ? "pass\">pass" : "fail\">FAIL").append("</td><td class=\"l\">")
          .append(esc(r.detail())).append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  private static void comparisonSections(StringBuilder h, RunComparison c) {
    h.append("<p>Baseline: <b>").append(esc(c.baseline().label())).append("</b>").append(prompts(c.baseline()))
        .append(" &nbsp; Candidate: <b>").append(esc(c.candidate().label())).append("</b>")
        .append(prompts(c.candidate())).append(" &nbsp; Dataset: ").append(esc(c.baseline().dataset()))
        .append(" (version ").append(esc(cut(c.baseline().datasetSha256(), 12).replace("\u2026", "")))
        .append("), ").append(c.baseline().items().size()).append(" items");
    if (c.unpaired() > 0) {
      h.append(", ").append(c.unpaired()).append(" unpaired");
    }
    h.append(". Failed calls: baseline ").append(c.baseline().failedCalls()).append(", candidate ")
        .append(c.candidate().failedCalls()).append(".</p>\n");
    Map<String, RunComparison.MetricComparison> metrics = c.metrics();

    h.append("<h2>Metrics</h2>\n<div class=\"legend\"><span style=\"background:").append(BASE)
        .append("\"></span>baseline<span style=\"background:").append(CAND).append("\"></span>candidate</div>\n");
    List<String> labels = new ArrayList<>();
    List<double[]> rows = new ArrayList<>();
    List<String> colors = new ArrayList<>();
    for (RunComparison.MetricComparison m : metrics.values()) {
      labels.add(m.metric() + " (baseline)");
      rows.add(new double[] {m.baseline().mean(), m.baseline().lower(), m.baseline().upper()});
      colors.add(BASE);
      labels.add(m.metric() + " (candidate)");
      rows.add(new double[] {m.candidate().mean(), m.candidate().lower(), m.candidate().upper()});
      colors.add(CAND);
    }
    h.append(chart(labels, rows, colors)).append("\n");

    h.append("<table><tr><th class=\"l\">metric</th><th>baseline</th><th>candidate</th><th>change (95% CI)</th>")
        .append("<th>paired bootstrap p</th><th>Cohen d<sub>z</sub></th><th>Wilcoxon p</th><th>rank-biserial</th>")
        .append("<th>McNemar p</th><th>pass&rarr;fail</th><th>fail&rarr;pass</th></tr>\n");
    for (RunComparison.MetricComparison m : metrics.values()) {
      h.append("<tr><td class=\"l\">").append(esc(m.metric())).append("</td><td>").append(ci(m.baseline().mean(),
          m.baseline().lower(), m.baseline().upper())).append("</td><td>")
          .append(ci(m.candidate().mean(), m.candidate().lower(), m.candidate().upper())).append("</td><td>")
          .append(signed(m.difference().mean())).append(" (").append(signed(m.difference().lower())).append(", ")
          .append(signed(m.difference().upper())).append(")</td><td>").append(p(m.paired().pValue()))
          .append("</td><td>").append(num(m.paired().cohensDz())).append("</td><td>").append(p(m.wilcoxon().pValue()))
          .append("</td><td>").append(num(m.wilcoxon().effectSize())).append("</td><td>")
          .append(p(m.mcnemar().pValue())).append("</td><td>").append(m.regressed().size()).append("</td><td>")
          .append(m.improved().size()).append("</td></tr>\n");
    }
    h.append("</table>\n");

    Map<String, Map<String, RunComparison.MetricComparison>> perTag = c.perTag();
    if (!perTag.isEmpty()) {
      h.append("<h2>Per tag</h2>\n<p>Mean per tag, baseline &rarr; candidate, and the paired change with its 95% ")
          .append("interval.</p>\n<table><tr><th class=\"l\">tag</th><th>items</th>");
      for (String m : metrics.keySet()) {
        h.append("<th>").append(esc(m)).append("<br>baseline &rarr; candidate</th>");
      }
      h.append("</tr>\n");
      for (Map.Entry<String, Map<String, RunComparison.MetricComparison>> e : perTag.entrySet()) {
        RunComparison.MetricComparison any = e.getValue().values().iterator().next();
        h.append("<tr><td class=\"l\">").append(esc(e.getKey())).append("</td><td>").append(any.baseline().n())
            .append("</td>");
        for (RunComparison.MetricComparison m : e.getValue().values()) {
          double d = m.candidate().mean() - m.baseline().mean();
          String color = Double.isNaN(d) || Math.abs(d) < 0.005 ? "" : d < 0 ? " style=\"background:#fbe3e1\""
              : " style=\"background:#e3f4e8\"";
          h.append("<td").append(color).append(">").append(num(m.baseline().mean())).append(" &rarr; ")
              .append(num(m.candidate().mean())).append("<br><small>change ").append(signed(m.difference().mean()))
              .append(" (").append(signed(m.difference().lower())).append(", ").append(signed(m.difference().upper()))
              .append(")</small></td>");
        }
        h.append("</tr>\n");
      }
      h.append("</table>\n");
    }

    var baseCm = c.baseline().classification();
    var candCm = c.candidate().classification();
    if (baseCm.isPresent() || candCm.isPresent()) {
      h.append("<h2>Confusion matrices</h2>\n<p>Rows: expected label; columns: label read from the answer.</p>\n");
      baseCm.ifPresent(cm -> confusion(h, "Baseline", cm));
      candCm.ifPresent(cm -> confusion(h, "Candidate", cm));
    }

    h.append("<h2>Flipped items</h2>\n");
    Map<String, ItemResult> base = index(c.baseline());
    Map<String, ItemResult> cand = index(c.candidate());
    boolean any = false;
    for (RunComparison.MetricComparison m : metrics.values()) {
      any |= flipped(h, m.metric(), "pass \u2192 fail", m.regressed(), base, cand);
      any |= flipped(h, m.metric(), "fail \u2192 pass", m.improved(), base, cand);
    }
    if (!any) {
      h.append("<p>No item changed between pass and fail.</p>\n");
    }
  }

  private static String prompts(RunResult run) {
    return run.prompts().isEmpty() ? "" : " (prompt " + esc(String.join(", ", run.prompts())) + ")";
  }

  private static boolean flipped(StringBuilder h, String metric, String direction, List<String> ids,
      Map<String, ItemResult> base, Map<String, ItemResult> cand) {
    if (ids.isEmpty()) {
      return false;
    }
    h.append("<h3>").append(esc(metric)).append(": ").append(esc(direction)).append(" (").append(ids.size())
        .append(")</h3>\n<table><tr><th class=\"l\">item</th><th class=\"l\">tags</th><th class=\"l\">baseline answer</th>")
        .append("<th class=\"l\">candidate answer</th></tr>\n");
    for (String id : ids.subList(0, Math.min(FLIPPED_SHOWN, ids.size()))) {
      ItemResult a = base.get(id);
      ItemResult b = cand.get(id);
      h.append("<tr><td class=\"l\">").append(esc(id)).append("</td><td class=\"l\">").append(esc(a.tags().toString()))
          .append("</td><td class=\"l\"><pre>").append(esc(answer(a))).append("</pre></td><td class=\"l\"><pre>")
          .append(esc(answer(b))).append("</pre></td></tr>\n");
    }
    h.append("</table>\n");
    if (ids.size() > FLIPPED_SHOWN) {
      h.append("<p>").append(ids.size() - FLIPPED_SHOWN).append(" more: ")
          .append(esc(String.join(", ", ids.subList(FLIPPED_SHOWN, ids.size())))).append("</p>\n");
    }
    return true;
  }

  private static String answer(ItemResult r) {
    return r.succeeded() ? cut(r.output(), 400) : "[" + r.outcome() + "]";
  }

  private static void confusion(StringBuilder h, String title, ClassificationReport cm) {
    h.append("<h3>").append(esc(title)).append(String.format(Locale.ROOT, " (accuracy %s, macro-F1 %s)",
        num(cm.accuracy()), num(cm.macroF1()))).append("</h3>\n<table><tr><th class=\"l\">expected \\ read</th>");
    List<String> cols = new ArrayList<>(cm.classes());
    cols.add(ClassificationReport.NONE);
    for (String col : cols) {
      h.append("<th>").append(esc(col)).append("</th>");
    }
    h.append("<th>precision</th><th>recall</th><th>F1</th></tr>\n");
    int max = 1;
    for (int[] row : cm.confusion()) {
      for (int v : row) {
        max = Math.max(max, v);
      }
    }
    for (int r = 0; r < cm.classes().size(); r++) {
      String label = cm.classes().get(r);
      h.append("<tr><th class=\"l\">").append(esc(label)).append("</th>");
      for (int col = 0; col < cols.size(); col++) {
        int v = cm.confusion()[r][col];
        double alpha = 0.1 + 0.8 * v / max;
        String rgb = col == r ? "23,112,58" : "179,38,30";
        h.append("<td style=\"background:rgba(").append(rgb).append(",")
            .append(String.format(Locale.ROOT, "%.2f", v == 0 ? 0.0 : alpha)).append(")\">").append(v).append("</td>");
      }
      var prf = cm.perClass().get(label);
      h.append("<td>").append(num(prf.precision())).append("</td><td>").append(num(prf.recall())).append("</td><td>")
          .append(num(prf.f1())).append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  private static void determinismSection(StringBuilder h, List<DeterminismReport> reports) {
    h.append("<h2>Determinism</h2>\n<p>The same request, repeated. Distinct ratio: different answers per call ")
        .append("(1/n means always the same answer). Edit distance: mean pairwise word-level distance, normalised ")
        .append("to 0&ndash;1.</p>\n<div class=\"legend\"><span style=\"background:").append(BASE)
        .append("\"></span>distinct ratio<span style=\"background:").append(CAND)
        .append("\"></span>mean edit distance</div>\n");
    List<String> labels = new ArrayList<>();
    List<double[]> rows = new ArrayList<>();
    List<String> colors = new ArrayList<>();
    for (DeterminismReport r : reports) {
      labels.add(r.setting() + " distinct");
      rows.add(new double[] {r.distinctRatio(), r.distinctRatio(), r.distinctRatio()});
      colors.add(BASE);
      labels.add(r.setting() + " edit dist.");
      rows.add(new double[] {r.meanEditDistance(), r.meanEditDistance(), r.meanEditDistance()});
      colors.add(CAND);
    }
    h.append(chart(labels, rows, colors)).append("\n");
    h.append("<table><tr><th class=\"l\">setting</th><th>calls</th><th>failed</th><th>distinct</th><th>distinct ratio</th>")
        .append("<th>edit distance</th><th>similarity</th><th>label flip rate</th><th>modal share</th>")
        .append("<th>common prefix (chars)</th><th>latency (ms)</th></tr>\n");
    for (DeterminismReport r : reports) {
      h.append("<tr><td class=\"l\">").append(esc(r.setting())).append("</td><td>").append(r.repeats())
          .append("</td><td>").append(r.failures()).append("</td><td>").append(r.distinctOutputs()).append("</td><td>")
          .append(num(r.distinctRatio())).append("</td><td>").append(num(r.meanEditDistance())).append("</td><td>")
          .append(num(r.meanSimilarity())).append("</td><td>").append(num(r.labelFlipRate())).append("</td><td>")
          .append(num(r.modalShare())).append("</td><td>").append(String.format(Locale.ROOT, "%.0f", r.meanCommonPrefix()))
          .append("</td><td>").append(String.format(Locale.ROOT, "%.0f", r.meanLatencyMillis())).append("</td></tr>\n");
    }
    h.append("</table>\n");
    for (DeterminismReport r : reports) {
      if (!r.varyingParts().isEmpty()) {
        h.append("<h3>What varies at ").append(esc(r.setting())).append("</h3>\n<table><tr><th>share of answers</th>")
            .append("<th class=\"l\">part of the most common answer</th></tr>\n");
        for (DeterminismReport.VaryingPart part : r.varyingParts().subList(0, Math.min(10, r.varyingParts().size()))) {
          h.append("<tr><td>").append(num(part.share())).append("</td><td class=\"l\"><pre>")
              .append(esc(cut(part.text(), 200))).append("</pre></td></tr>\n");
        }
        h.append("</table>\n");
      }
    }
  }

  private static String chart(List<String> labels, List<double[]> rows, List<String> colors) {
    int n = labels.size();
    double[] v = new double[n];
    double[] lo = new double[n];
    double[] hi = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = rows.get(i)[0];
      lo[i] = rows.get(i)[1];
      hi[i] = rows.get(i)[2];
    }
    return Html.bars(labels.toArray(String[]::new), v, lo, hi, colors.toArray(String[]::new));
  }

  private static String ci(double mean, double lo, double hi) {
    return num(mean) + " <small>(" + num(lo) + "&ndash;" + num(hi) + ")</small>";
  }

  private static Map<String, ItemResult> index(RunResult run) {
    Map<String, ItemResult> m = new LinkedHashMap<>();
    run.items().forEach(i -> m.put(i.id(), i));
    return m;
  }
}
