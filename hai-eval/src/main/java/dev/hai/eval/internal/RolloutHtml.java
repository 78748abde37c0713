package dev.hai.eval.internal;

import dev.hai.eval.feedback.FeedbackCategory;
import dev.hai.eval.rollout.ArmStats;
import dev.hai.eval.rollout.ResponseRates;
import dev.hai.eval.rollout.RolloutEvidence;
import dev.hai.eval.rollout.RolloutReport;
import dev.hai.eval.rollout.TrafficPoint;
import dev.hai.eval.stats.TestResult;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The rollout report's HTML: inline CSS and SVG, no script; every text goes through {@link Html#esc}. */
public final class RolloutHtml {
  private static final String CHAMPION = "#8aa4c8";
  private static final String CHALLENGER = "#3d6fb4";

  private RolloutHtml() {}

  public static String page(RolloutReport r) {
    RolloutEvidence e = r.decision().evidence();
    StringBuilder h = new StringBuilder(16_384);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(Html.esc("Rollout " + r.route())).append("</title><style>")
        .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:70em;color:#222}")
        .append("table{border-collapse:collapse;margin:0.5em 0 1.5em}td,th{border:1px solid #ccc;padding:3px 8px;")
        .append("text-align:right}th{background:#f3f3f3}td.l,th.l{text-align:left}")
        .append(".badge{display:inline-block;padding:4px 12px;border-radius:4px;color:#fff;font-weight:bold}")
        .append(".PROMOTE{background:#2e7d32}.ROLLBACK{background:#c62828}.KEEP_TESTING{background:#9e6a00}")
        .append("</style></head><body>\n");
    h.append("<h1>Rollout: ").append(Html.esc(r.route())).append("</h1>\n<p>")
        .append(r.from() == null ? "no calls" : Html.esc(r.from() + " to " + r.to())).append("; champion <b>")
        .append(Html.esc(e.champion().arm())).append("</b>, challenger <b>").append(Html.esc(e.challenger().arm()))
        .append("</b></p>\n");
    h.append("<p><span class=\"badge ").append(r.decision().name()).append("\">").append(r.decision().name())
        .append("</span></p>\n<ul>");
    for (String reason : r.decision().reasons()) {
      h.append("<li>").append(Html.esc(reason)).append("</li>");
    }
    h.append("</ul>\n");

    h.append("<h2>Arms</h2>\n<table><tr><th class=\"l\">arm</th><th>calls</th><th>answered</th><th>feedback</th>")
        .append("<th>coverage</th><th>accuracy</th><th>").append(pct(e.criteria().alpha(), true))
        .append(" Wilson interval</th><th>UNSAFE</th><th>median time to respond</th></tr>\n");
    for (ArmStats s : List.of(e.champion(), e.challenger())) {
      ResponseRates.Rate rate = r.rates().byArm().get(s.arm());
      h.append("<tr><td class=\"l\">").append(Html.esc(s.arm())).append(" (")
          .append(s.role().name().toLowerCase(Locale.ROOT)).append(")</td><td>").append(s.calls()).append("</td><td>")
          .append(s.answered()).append("</td><td>").append(s.withFeedback()).append("</td><td>")
          .append(pct(s.feedbackCoverage(), false)).append("</td><td>").append(pct(s.accuracy().estimate(), false))
          .append("</td><td>[").append(pct(s.accuracy().lower(), false)).append(", ")
          .append(pct(s.accuracy().upper(), false)).append("]</td><td>").append(s.unsafe()).append("</td><td>")
          .append(duration(rate == null ? null : rate.medianTimeToRespond())).append("</td></tr>\n");
    }
    h.append("</table>\n");

    h.append("<h2>Tests</h2>\n<table><tr><th class=\"l\">question</th><th class=\"l\">test</th><th>statistic</th>")
        .append("<th>p</th></tr>\n");
    test(h, "accuracy differs", e.accuracyTest());
    test(h, "challenger has more UNSAFE answers", e.unsafeTest());
    h.append("</table>\n<p>");
    if (e.difference() != null) {
      h.append(String.format(Locale.ROOT, "Accuracy difference (challenger − champion): %+.3f, %.0f%% Newcombe "
              + "interval [%+.3f, %+.3f]. ", e.difference().difference(), 100 * e.difference().confidence(),
          e.difference().lower(), e.difference().upper()));
    }
    h.append(String.format(Locale.ROOT, "UNSAFE excess: %s answers. Feedback per arm: %d; needed to detect +%s "
            + "accuracy from %s (alpha %s, power %s): %d", Html.num(e.unsafeExcess()), e.samplePerArm(),
        Html.num(e.criteria().minimumEffect()), Html.num(e.planningBaseline()), e.criteria().alpha(),
        e.criteria().power(), e.superioritySample()));
    if (e.nonInferioritySample() != null) {
      h.append(String.format(Locale.ROOT, "; for non-inferiority within %s: %d", Html.num(
          e.criteria().nonInferiorityMargin()), e.nonInferioritySample()));
    }
    h.append(".</p>\n");

    h.append("<h2>Traffic: challenger share, actual and configured</h2>\n").append(traffic(r.traffic()));
    h.append("<h2>Feedback coverage</h2>\n");
    h.append(Html.bars(new String[] {e.champion().arm(), e.challenger().arm()},
        new double[] {e.champion().feedbackCoverage(), e.challenger().feedbackCoverage()},
        new double[] {e.champion().feedbackCoverage(), e.challenger().feedbackCoverage()},
        new double[] {e.champion().feedbackCoverage(), e.challenger().feedbackCoverage()},
        new String[] {CHAMPION, CHALLENGER}));
    h.append("<p>Answered calls with feedback: ").append(r.rates().overall().withFeedback()).append(" of ")
        .append(r.rates().overall().answered()).append(" (").append(pct(r.rates().overall().rate(), false))
        .append("); median time to respond ").append(duration(r.rates().medianTimeToRespond())).append(".</p>\n");
    h.append("<table><tr><th class=\"l\">clinician (caller)</th><th>answered</th><th>with feedback</th><th>rate</th>")
        .append("<th>median time to respond</th></tr>\n");
    for (Map.Entry<String, ResponseRates.Rate> c : r.rates().byClinician().entrySet()) {
      h.append("<tr><td class=\"l\">").append(Html.esc(c.getKey())).append("</td><td>").append(c.getValue().answered())
          .append("</td><td>").append(c.getValue().withFeedback()).append("</td><td>")
          .append(pct(c.getValue().rate(), false)).append("</td><td>")
          .append(duration(c.getValue().medianTimeToRespond())).append("</td></tr>\n");
    }
    h.append("</table>\n");

    h.append("<h2>Accuracy per arm</h2>\n").append(Html.bars(new String[] {e.champion().arm(), e.challenger().arm()},
        new double[] {e.champion().accuracy().estimate(), e.challenger().accuracy().estimate()},
        new double[] {e.champion().accuracy().lower(), e.challenger().accuracy().lower()},
        new double[] {e.champion().accuracy().upper(), e.challenger().accuracy().upper()},
        new String[] {CHAMPION, CHALLENGER}));
    h.append("<h2>Verdicts and categories per arm</h2>\n").append(verdicts(e));
    if (!e.shadowAgreement().isEmpty()) {
      h.append("<h2>Shadow agreement with the primary</h2>\n<table><tr><th class=\"l\">shadow arm</th>")
          .append("<th class=\"l\">comparator</th><th>mean score</th></tr>\n");
      e.shadowAgreement().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(a ->
          a.getValue().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(s ->
              h.append("<tr><td class=\"l\">").append(Html.esc(a.getKey())).append("</td><td class=\"l\">")
                  .append(Html.esc(s.getKey())).append("</td><td>").append(Html.num(s.getValue()))
                  .append("</td></tr>\n")));
      h.append("</table>\n");
    }
    h.append("</body></html>\n");
    return h.toString();
  }

  private static void test(StringBuilder h, String question, @Nullable TestResult t) {
    h.append("<tr><td class=\"l\">").append(Html.esc(question)).append("</td>");
    if (t == null) {
      h.append("<td class=\"l\">not run (an arm has no feedback)</td><td></td><td></td></tr>\n");
    } else {
      h.append("<td class=\"l\">").append(Html.esc(t.test())).append("</td><td>").append(Html.num(t.statistic()))
          .append("</td><td>").append(Html.p(t.pValue())).append("</td></tr>\n");
    }
  }

  // A line chart of the challenger's share per bucket: actual (solid) and configured (dashed).
  static String traffic(List<TrafficPoint> points) {
    if (points.isEmpty()) {
      return "<p>No calls.</p>\n";
    }
    int w = 640;
    int hgt = 200;
    int left = 44;
    int bottom = 24;
    double plotW = w - left - 10;
    double plotH = hgt - bottom - 10;
    double max = 0.05;
    for (TrafficPoint p : points) {
      max = Math.max(max, nz(p.actualShare()));
      max = Math.max(max, nz(p.configuredShare()));
    }
    max = Math.min(1.0, Math.ceil(max * 10) / 10.0);
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w).append("\" height=\"").append(hgt)
        .append("\" role=\"img\">");
    for (int t = 0; t <= 4; t++) {
      double y = 10 + plotH - plotH * t / 4.0;
      s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
          + "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%.0f%%</text>", left, y, w - 10, y,
          left - 4, y + 3, 100 * max * t / 4.0));
    }
    StringBuilder actual = new StringBuilder();
    StringBuilder configured = new StringBuilder();
    int n = points.size();
    for (int i = 0; i < n; i++) {
      TrafficPoint p = points.get(i);
      double x = left + plotW * (i + 0.5) / n;
      if (!Double.isNaN(p.actualShare())) {
        actual.append(actual.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x,
            10 + plotH - plotH * p.actualShare() / max));
      }
      if (!Double.isNaN(p.configuredShare())) {
        configured.append(configured.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x,
            10 + plotH - plotH * p.configuredShare() / max));
      }
    }
    if (configured.length() > 0) {
      s.append("<path d=\"").append(configured).append("\" fill=\"none\" stroke=\"#888\" stroke-width=\"2\" ")
          .append("stroke-dasharray=\"6 4\"/>");
    }
    if (actual.length() > 0) {
      s.append("<path d=\"").append(actual).append("\" fill=\"none\" stroke=\"").append(CHALLENGER)
          .append("\" stroke-width=\"2\"/>");
    }
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\">%s</text>", left, hgt - 6,
        Html.esc(points.get(0).start().toString())));
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"end\">%s</text>",
        w - 10, hgt - 6, Html.esc(points.get(n - 1).end().toString())));
    s.append("</svg>\n<p><span style=\"color:").append(CHALLENGER).append("\">&#9473;</span> actual share of calls ")
        .append("served by the challenger &nbsp; <span style=\"color:#888\">&#9476;</span> configured share</p>\n");
    return s.toString();
  }

  // A heat map: one row per arm, one column per verdict or category, shaded by the share of the arm's feedback.
  static String verdicts(RolloutEvidence e) {
    String[] columns = {"CORRECT", "PARTIALLY_CORRECT", "FACTUAL_ERROR", "OMISSION", "UNSAFE", "FORMATTING", "OTHER"};
    List<ArmStats> arms = List.of(e.champion(), e.challenger());
    int cellW = 92;
    int cellH = 28;
    int labelW = 150;
    int w = labelW + cellW * columns.length + 10;
    int hgt = 24 + cellH * arms.size() + 6;
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w).append("\" height=\"").append(hgt)
        .append("\" role=\"img\">");
    for (int j = 0; j < columns.length; j++) {
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\" font-size=\"9\" text-anchor=\"middle\">%s</text>",
          labelW + cellW * j + cellW / 2, columns[j].replace('_', ' ').toLowerCase(Locale.ROOT)));
    }
    for (int i = 0; i < arms.size(); i++) {
      ArmStats a = arms.get(i);
      int y = 24 + cellH * i;
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\">%s</text>",
          labelW - 6, y + 18, Html.esc(Html.cut(a.arm(), 20))));
      for (int j = 0; j < columns.length; j++) {
        long count = count(a, columns[j]);
        double share = a.withFeedback() == 0 ? 0 : (double) count / a.withFeedback();
        String fill = j == 0 ? String.format(Locale.ROOT, "rgba(46,125,50,%.3f)", 0.08 + 0.8 * share)
            : String.format(Locale.ROOT, "rgba(198,40,40,%.3f)", 0.05 + 0.85 * Math.min(1, 2 * share));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" "
            + "stroke=\"#fff\"/><text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%d (%s)</text>",
            labelW + cellW * j, y, cellW, cellH, fill, labelW + cellW * j + cellW / 2, y + 18, count,
            pct(share, false)));
      }
    }
    return s.append("</svg>\n<p>Counts of feedback per arm: verdict CORRECT and PARTIALLY_CORRECT, then the ")
        .append("categories of every answer not correct (share of the arm's feedback).</p>\n").toString();
  }

  private static long count(ArmStats a, String column) {
    return switch (column) {
      // every answer not CORRECT has a category, so the rest is the CORRECT verdicts
      case "CORRECT" -> a.withFeedback() - a.categories().values().stream().mapToLong(Long::longValue).sum();
      case "PARTIALLY_CORRECT" -> a.partiallyCorrect();
      default -> a.categories().getOrDefault(FeedbackCategory.valueOf(column), 0L);
    };
  }

  private static double nz(double v) {
    return Double.isNaN(v) ? 0 : v;
  }

  private static String pct(double v, boolean confidence) {
    if (Double.isNaN(v)) {
      return "\u2013";
    }
    return confidence ? String.format(Locale.ROOT, "%.0f%%", 100 * (1 - v)) : String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }

  private static String duration(@Nullable Duration d) {
    if (d == null) {
      return "\u2013";
    }
    long s = d.toSeconds();
    return s < 120 ? s + " s" : s < 7200 ? (s / 60) + " min" : String.format(Locale.ROOT, "%.1f h", s / 3600.0);
  }
}
