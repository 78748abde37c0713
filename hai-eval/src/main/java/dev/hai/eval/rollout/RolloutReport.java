package dev.hai.eval.rollout;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hai.eval.EvalException;
import dev.hai.eval.feedback.FeedbackCategory;
import dev.hai.eval.internal.AtomicWrite;
import dev.hai.eval.internal.Jsons;
import dev.hai.eval.internal.RolloutHtml;
import dev.hai.eval.stats.TestResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A rollout's report: the decision with its numbers, the traffic over time, the feedback
 * coverage and the verdicts by arm; as a self-contained HTML page (inline CSS and SVG, no script,
 * nothing fetched) and as a JSON summary.
 *
 * <pre>{@code
 * RolloutData data = RolloutData.of(calls, feedbackStore.all());
 * RolloutReport report = RolloutReport.of("discharge-summary", data, DecisionEngine.of(criteria));
 * report.writeHtml(Path.of("rollout.html"));
 * report.writeJson(Path.of("rollout.json"));
 * }</pre>
 *
 * <p>The report holds ids (call, arm, clinician) and numbers, never a call's content or a
 * correction's text. Immutable.
 *
 * @param route the route's name
 * @param decision the decision and its evidence
 * @param rates the feedback response rates
 * @param traffic the calls per time bucket, oldest first
 * @param from the first call's time, or null without calls
 * @param to the last call's time, or null without calls
 */
public record RolloutReport(String route, RolloutDecision decision, ResponseRates rates, List<TrafficPoint> traffic,
    @Nullable Instant from, @Nullable Instant to) {

  /** The number of time buckets of the traffic chart. */
  public static final int TRAFFIC_BUCKETS = 24;

  public RolloutReport {
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(rates, "rates");
    traffic = List.copyOf(traffic);
  }

  /** Decides on {@code data} with {@code engine} and gathers the rest of the report. */
  public static RolloutReport of(String route, RolloutData data, DecisionEngine engine) {
    RolloutDecision decision = engine.decide(data);
    List<ArmCall> calls = data.calls().stream().sorted(Comparator.comparing(ArmCall::time)).toList();
    Instant from = calls.isEmpty() ? null : calls.get(0).time();
    Instant to = calls.isEmpty() ? null : calls.get(calls.size() - 1).time();
    return new RolloutReport(route, decision, ResponseRates.of(data), traffic(calls, from, to), from, to);
  }

  static List<TrafficPoint> traffic(List<ArmCall> sorted, @Nullable Instant from, @Nullable Instant to) {
    if (from == null || to == null) {
      return List.of();
    }
    long span = Math.max(1, Duration.between(from, to).toMillis() + 1);
    int buckets = (int) Math.min(TRAFFIC_BUCKETS, span);
    long[] champion = new long[buckets];
    long[] challenger = new long[buckets];
    double[] shareSum = new double[buckets];
    long[] shareCount = new long[buckets];
    for (ArmCall c : sorted) {
      int b = (int) Math.min(buckets - 1, Duration.between(from, c.time()).toMillis() * buckets / span);
      if (c.role() == ArmCall.Role.CHALLENGER) {
        challenger[b]++;
      } else {
        champion[b]++;
      }
      if (c.challengerShare() != null) {
        shareSum[b] += c.challengerShare() / 10_000.0;
        shareCount[b]++;
      }
    }
    List<TrafficPoint> points = new ArrayList<>();
    for (int b = 0; b < buckets; b++) {
      Instant s = from.plusMillis(span * b / buckets);
      Instant e = from.plusMillis(span * (b + 1) / buckets);
      points.add(new TrafficPoint(s, e, champion[b], challenger[b],
          shareCount[b] == 0 ? Double.NaN : shareSum[b] / shareCount[b]));
    }
    return points;
  }

  /** The HTML page. */
  public String html() {
    return RolloutHtml.page(this);
  }

  /** The JSON summary (one object; numbers as numbers, NaN as null). */
  public String json() {
    try {
      return Jsons.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(jsonTree()) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the rollout summary", e);
    }
  }

  /** Writes {@link #html()} to {@code file} atomically (a reader never sees half a page). */
  public void writeHtml(Path file) {
    write(file, html());
  }

  /** Writes {@link #json()} to {@code file} atomically. */
  public void writeJson(Path file) {
    write(file, json());
  }

  private static void write(Path file, String text) {
    try {
      AtomicWrite.text(file, text);
    } catch (IOException e) {
      throw new EvalException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private ObjectNode jsonTree() {
    RolloutEvidence e = decision.evidence();
    ObjectNode o = Jsons.MAPPER.createObjectNode();
    o.put("route", route);
    o.put("from", from == null ? null : from.toString());
    o.put("to", to == null ? null : to.toString());
    o.put("decision", decision.name());
    ArrayNode reasons = o.putArray("reasons");
    decision.reasons().forEach(reasons::add);
    ObjectNode crit = o.putObject("criteria");
    RolloutCriteria c = e.criteria();
    crit.put("alpha", c.alpha());
    crit.put("power", c.power());
    crit.put("minimum_effect", c.minimumEffect());
    putNumber(crit, "non_inferiority_margin", c.nonInferiorityMargin());
    crit.put("max_challenger_unsafe", c.maxChallengerUnsafe());
    crit.put("yates", c.yates());
    crit.put("partial_counts_as_correct", c.partialCountsAsCorrect());
    ObjectNode arms = o.putObject("arms");
    arm(arms.putObject("champion"), e.champion(), rates.byArm().get(e.champion().arm()));
    arm(arms.putObject("challenger"), e.challenger(), rates.byArm().get(e.challenger().arm()));
    ObjectNode tests = o.putObject("tests");
    test(tests, "accuracy", e.accuracyTest());
    test(tests, "unsafe_excess", e.unsafeTest());
    putNumber(tests, "unsafe_excess_count", e.unsafeExcess());
    if (e.difference() != null) {
      ObjectNode d = tests.putObject("difference");
      putNumber(d, "estimate", e.difference().difference());
      putNumber(d, "lower", e.difference().lower());
      putNumber(d, "upper", e.difference().upper());
      d.put("confidence", e.difference().confidence());
      d.put("method", "newcombe");
    }
    ObjectNode sample = o.putObject("sample_size");
    sample.put("per_arm", e.samplePerArm());
    putNumber(sample, "planning_baseline", e.planningBaseline());
    sample.put("superiority", e.superioritySample());
    if (e.nonInferioritySample() != null) {
      sample.put("non_inferiority", e.nonInferioritySample());
    }
    ObjectNode resp = o.putObject("response_rates");
    rate(resp.putObject("overall"), rates.overall());
    ObjectNode byClinician = resp.putObject("by_clinician");
    rates.byClinician().forEach((k, v) -> rate(byClinician.putObject(k), v));
    ObjectNode shadow = o.putObject("shadow_agreement");
    e.shadowAgreement().forEach((arm, scores) -> {
      ObjectNode s = shadow.putObject(arm);
      scores.forEach((k, v) -> putNumber(s, k, v));
    });
    ArrayNode t = o.putArray("traffic");
    for (TrafficPoint p : traffic) {
      ObjectNode n = t.addObject();
      n.put("start", p.start().toString());
      n.put("end", p.end().toString());
      n.put("champion", p.champion());
      n.put("challenger", p.challenger());
      putNumber(n, "actual_share", p.actualShare());
      putNumber(n, "configured_share", p.configuredShare());
    }
    return o;
  }

  private static void arm(ObjectNode n, ArmStats s, ResponseRates.@Nullable Rate rate) {
    n.put("arm", s.arm());
    n.put("calls", s.calls());
    n.put("answered", s.answered());
    n.put("with_feedback", s.withFeedback());
    putNumber(n, "feedback_coverage", s.feedbackCoverage());
    n.put("correct", s.correct());
    n.put("partially_correct", s.partiallyCorrect());
    putNumber(n, "accuracy", s.accuracy().estimate());
    putNumber(n, "accuracy_lower", s.accuracy().lower());
    putNumber(n, "accuracy_upper", s.accuracy().upper());
    n.put("unsafe", s.unsafe());
    ObjectNode cats = n.putObject("categories");
    for (FeedbackCategory c : FeedbackCategory.values()) {
      cats.put(c.name(), s.categories().getOrDefault(c, 0L));
    }
    if (rate != null && rate.medianTimeToRespond() != null) {
      n.put("median_time_to_respond_ms", rate.medianTimeToRespond().toMillis());
    }
  }

  private static void test(ObjectNode parent, String name, @Nullable TestResult r) {
    if (r == null) {
      parent.putNull(name);
      return;
    }
    ObjectNode n = parent.putObject(name);
    n.put("test", r.test());
    putNumber(n, "statistic", r.statistic());
    putNumber(n, "p_value", r.pValue());
  }

  private static void rate(ObjectNode n, ResponseRates.Rate r) {
    n.put("answered", r.answered());
    n.put("with_feedback", r.withFeedback());
    putNumber(n, "rate", r.rate());
    if (r.medianTimeToRespond() != null) {
      n.put("median_time_to_respond_ms", r.medianTimeToRespond().toMillis());
    }
  }

  private static void putNumber(ObjectNode n, String key, @Nullable Double v) {
    if (v == null || v.isNaN() || v.isInfinite()) {
      n.putNull(key);
    } else {
      n.put(key, v);
    }
  }
}
