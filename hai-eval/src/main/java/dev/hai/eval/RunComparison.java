package dev.hai.eval;

import dev.hai.eval.stats.Bootstrap;
import dev.hai.eval.stats.Estimate;
import dev.hai.eval.stats.McNemar;
import dev.hai.eval.stats.PairedBootstrap;
import dev.hai.eval.stats.TestResult;
import dev.hai.eval.stats.Wilcoxon;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Two runs of the same dataset compared item by item: for each metric both means with 95%
 * intervals, the paired bootstrap of the difference, the Wilcoxon signed-rank test, McNemar's
 * exact test on pass/fail, and the items that flipped.
 *
 * <pre>{@code
 * RunComparison c = RunComparison.of(RunResult.read(baseline), RunResult.read(candidate));
 * MetricComparison f1 = c.metric("set_f1");
 * if (f1.difference().upper() < 0 && f1.pValue() < 0.05) { ... }   // a real drop
 * }</pre>
 *
 * <p>Items are paired by id; items in only one run are left out ({@link #unpaired()} counts
 * them). Which p-value is "the" p-value of a metric ({@link MetricComparison#pValue()}): McNemar's
 * for a binary metric (every score 0 or 1), the paired bootstrap's otherwise; all three are
 * reported. Immutable and thread-safe.
 *
 * @param baseline the run compared against
 * @param candidate the new run
 * @param bootstrap resamples and seed of every interval and bootstrap test
 */
public record RunComparison(RunResult baseline, RunResult candidate, Bootstrap bootstrap) {

  public RunComparison {
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(candidate, "candidate");
    Objects.requireNonNull(bootstrap, "bootstrap");
    if (!baseline.datasetSha256().equals(candidate.datasetSha256())) {
      throw new EvalException("the runs are of different datasets: baseline " + baseline.dataset() + " "
          + shortSha(baseline) + ", candidate " + candidate.dataset() + " " + shortSha(candidate)
          + "; compare runs of the same dataset version");
    }
  }

  /** Compares with {@link Bootstrap#DEFAULT}. */
  public static RunComparison of(RunResult baseline, RunResult candidate) {
    return new RunComparison(baseline, candidate, Bootstrap.DEFAULT);
  }

  /** The metrics both runs scored, in the baseline's order. */
  public List<String> metricNames() {
    return baseline.metrics().stream().filter(candidate.metrics()::contains).toList();
  }

  /** Items of either run without a partner in the other. */
  public int unpaired() {
    return baseline.items().size() + candidate.items().size() - 2 * pairs(null).size();
  }

  /** Every shared metric compared over all paired items, with pass = a perfect score. */
  public Map<String, MetricComparison> metrics() {
    Map<String, MetricComparison> out = new LinkedHashMap<>();
    for (String m : metricNames()) {
      out.put(m, metric(m));
    }
    return out;
  }

  /** One metric over all paired items, pass = score 1. */
  public MetricComparison metric(String metric) {
    return metric(metric, 1.0, null);
  }

  /**
   * One metric over the paired items with a tag.
   *
   * @param metric the metric's name
   * @param passAt the score at or above which an item passes
   * @param tag only items with this {@code key=value} tag (in the baseline), or {@code null} for all
   */
  public MetricComparison metric(String metric, double passAt, @Nullable String tag) {
    if (!metricNames().contains(metric)) {
      throw new EvalException("metric '" + metric + "' is not in both runs; they share " + metricNames());
    }
    List<ItemResult[]> pairs = pairs(tag);
    int n = pairs.size();
    double[] a = new double[n];
    double[] b = new double[n];
    List<String> regressed = new ArrayList<>();
    List<String> improved = new ArrayList<>();
    int bCount = 0;
    int cCount = 0;
    int informative = 0;
    boolean binary = true;
    for (int i = 0; i < n; i++) {
      a[i] = pairs.get(i)[0].score(metric);
      b[i] = pairs.get(i)[1].score(metric);
      if (Double.isNaN(a[i]) || Double.isNaN(b[i])) {
        continue;
      }
      informative++;
      binary &= (a[i] == 0 || a[i] == 1) && (b[i] == 0 || b[i] == 1);
      boolean passA = a[i] >= passAt;
      boolean passB = b[i] >= passAt;
      if (passA && !passB) {
        bCount++;
        regressed.add(pairs.get(i)[0].id());
      } else if (!passA && passB) {
        cCount++;
        improved.add(pairs.get(i)[0].id());
      }
    }
    PairedBootstrap.Result paired = new PairedBootstrap(bootstrap).compare(a, b);
    TestResult wilcoxon = Wilcoxon.test(a, b);
    TestResult mcnemar = McNemar.exact(bCount, cCount, informative);
    return new MetricComparison(metric, tag, passAt, bootstrap.mean(a), bootstrap.mean(b), paired, wilcoxon,
        mcnemar, binary, regressed, improved);
  }

  /** Per {@code key=value} tag of the baseline, each metric's comparison over that tag's items. */
  public Map<String, Map<String, MetricComparison>> perTag() {
    Map<String, Map<String, MetricComparison>> out = new LinkedHashMap<>();
    for (String tag : baseline.tagValues()) {
      Map<String, MetricComparison> m = new LinkedHashMap<>();
      for (String metric : metricNames()) {
        m.put(metric, metric(metric, 1.0, tag));
      }
      out.put(tag, m);
    }
    return out;
  }

  /**
   * How many items of {@code from} (with {@code tag}, or all) have no partner in {@code other}: items
   * an incomplete run never finished.
   */
  static int withoutPartner(RunResult from, RunResult other, @Nullable String tag) {
    java.util.Set<String> ids = new java.util.HashSet<>();
    other.items().forEach(i -> ids.add(i.id()));
    int n = 0;
    for (ItemResult i : from.items()) {
      if (!ids.contains(i.id()) && (tag == null || RunResult.hasTag(i, tag))) {
        n++;
      }
    }
    return n;
  }

  private List<ItemResult[]> pairs(@Nullable String tag) {
    Map<String, ItemResult> cand = new LinkedHashMap<>();
    candidate.items().forEach(i -> cand.put(i.id(), i));
    List<ItemResult[]> pairs = new ArrayList<>();
    for (ItemResult a : baseline.items()) {
      ItemResult b = cand.get(a.id());
      if (b != null && (tag == null || RunResult.hasTag(a, tag))) {
        pairs.add(new ItemResult[] {a, b});
      }
    }
    return pairs;
  }

  private static String shortSha(RunResult r) {
    return r.datasetSha256().substring(0, Math.min(12, r.datasetSha256().length()));
  }

  /**
   * One metric of two runs, compared.
   *
   * @param metric the metric's name
   * @param tag the tag the items were filtered by, or {@code null}
   * @param passAt the pass threshold used for McNemar and the flipped items
   * @param baseline the baseline's mean and interval
   * @param candidate the candidate's mean and interval
   * @param paired the paired bootstrap of candidate − baseline
   * @param wilcoxon the Wilcoxon signed-rank test of candidate − baseline
   * @param mcnemar McNemar's exact test of pass/fail
   * @param binary whether every score was 0 or 1
   * @param regressed ids of items that passed in the baseline and fail in the candidate
   * @param improved ids of items that failed in the baseline and pass in the candidate
   */
  public record MetricComparison(
      String metric,
      @Nullable String tag,
      double passAt,
      Estimate baseline,
      Estimate candidate,
      PairedBootstrap.Result paired,
      TestResult wilcoxon,
      TestResult mcnemar,
      boolean binary,
      List<String> regressed,
      List<String> improved) {

    public MetricComparison {
      regressed = List.copyOf(regressed);
      improved = List.copyOf(improved);
    }

    /** The mean difference candidate − baseline with its 95% interval. */
    public Estimate difference() {
      return paired.difference();
    }

    /** McNemar's p for a binary metric, the paired bootstrap's otherwise. */
    public double pValue() {
      return binary ? mcnemar.pValue() : paired.pValue();
    }

    /** Which test {@link #pValue()} comes from. */
    public String pValueTest() {
      return binary ? mcnemar.test() : "paired-bootstrap";
    }
  }
}
