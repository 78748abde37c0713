package dev.hai.eval;

import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.ClinicalResult;
import dev.hai.eval.internal.EditDistance;
import dev.hai.eval.metrics.LabelExtractor;
import dev.hai.eval.metrics.SimilarityModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Sends the same request N times and measures how much the answers differ: distinct-answer ratio,
 * mean pairwise normalised edit distance, mean pairwise semantic similarity (with a {@link
 * SimilarityModel}), label flip rate (with labels), and which parts of the answer vary. See {@link
 * DeterminismReport} for each measure's definition.
 *
 * <pre>{@code
 * DeterminismHarness harness = DeterminismHarness.builder()
 *     .client(client)
 *     .repeats(100)
 *     .labels(List.of("emergency", "urgent", "routine"))
 *     .thresholds(new DeterminismHarness.Thresholds(0.05, 0.02, 0.0))
 *     .listener(alert -> pager.send(alert.exceeded()))
 *     .build();
 * List<DeterminismReport> byTemperature = harness.compareTemperatures(request, List.of(0.0, 0.3, 0.7), 42L);
 * }</pre>
 *
 * <p><b>Deterministic mode.</b> {@link #deterministic(ClinicalRequest, long)} gives the recipe:
 * temperature 0, top-p 1, a fixed seed (for backends that honour one: OpenAI-compatible servers and
 * llama.cpp; Anthropic ignores seeds), and the same model and prompt version. Measure it with this
 * harness: a provider may still vary (batching on shared GPUs), which is what the check is for.
 *
 * <p>Calls run one after another by default ({@link Builder#concurrency}). Not meant to be shared
 * between threads while measuring.
 */
public final class DeterminismHarness {
  private static final System.Logger LOG = System.getLogger(DeterminismHarness.class.getName());

  /** Default number of calls per check. */
  public static final int DEFAULT_REPEATS = 20;

  private final ClinicalModelClient client;
  private final int repeats;
  private final int concurrency;
  private final @Nullable LabelExtractor labels;
  private final @Nullable SimilarityModel similarity;
  private final Thresholds thresholds;
  private final DivergenceListener listener;

  /**
   * Bounds above which the listener is told. A NaN bound is off.
   *
   * @param maxDistinctRatio the highest acceptable distinct-answer ratio
   * @param maxEditDistance the highest acceptable mean pairwise edit distance
   * @param maxLabelFlipRate the highest acceptable label flip rate
   */
  public record Thresholds(double maxDistinctRatio, double maxEditDistance, double maxLabelFlipRate) {
    /** No bounds: the listener is never told. */
    public static final Thresholds NONE = new Thresholds(Double.NaN, Double.NaN, Double.NaN);
  }

  private DeterminismHarness(Builder b) {
    this.client = Objects.requireNonNull(b.client, "client: set it with Builder.client(..)");
    this.repeats = b.repeats;
    this.concurrency = b.concurrency;
    this.labels = b.labels;
    this.similarity = b.similarity;
    this.thresholds = b.thresholds;
    this.listener = b.listener;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The deterministic-mode recipe applied to a request: temperature 0, top-p 1, this seed. */
  public static ClinicalRequest deterministic(ClinicalRequest request, long seed) {
    return request.toBuilder().temperature(0.0).topP(1.0).seed(seed).build();
  }

  /** Runs the request at each temperature (with the seed, if given) and reports each setting. */
  public List<DeterminismReport> compareTemperatures(
      ClinicalRequest request, List<Double> temperatures, @Nullable Long seed) {
    List<DeterminismReport> out = new ArrayList<>();
    for (double t : temperatures) {
      ClinicalRequest.Builder b = request.toBuilder().temperature(t);
      if (seed != null) {
        b.seed(seed);
      }
      String setting = String.format(Locale.ROOT, "temperature %.1f", t) + (seed == null ? "" : ", seed " + seed);
      out.add(measure(setting, b.build()));
    }
    return out;
  }

  /** Sends the request {@code repeats} times and reports the spread of the answers. */
  public DeterminismReport measure(String setting, ClinicalRequest request) {
    List<String> outputs = new ArrayList<>();
    int failures = 0;
    long latency = 0;
    for (ClinicalResult r : callAll(request)) {
      if (r instanceof ClinicalResult.Success s) {
        outputs.add(s.text());
        latency += r.metadata().latency().toMillis();
      } else {
        failures++;
      }
    }
    DeterminismReport report = analyse(setting, request.parameters().temperature(), request.parameters().seed(),
        repeats, failures, outputs, outputs.isEmpty() ? Double.NaN : (double) latency / outputs.size());
    alert(report);
    return report;
  }

  private List<ClinicalResult> callAll(ClinicalRequest request) {
    if (concurrency == 1) {
      List<ClinicalResult> out = new ArrayList<>();
      for (int i = 0; i < repeats; i++) {
        out.add(client.call(request));
      }
      return out;
    }
    var pool = java.util.concurrent.Executors.newFixedThreadPool(concurrency);
    try {
      List<java.util.concurrent.Future<ClinicalResult>> futures = new ArrayList<>();
      for (int i = 0; i < repeats; i++) {
        futures.add(pool.submit(() -> client.call(request)));
      }
      List<ClinicalResult> out = new ArrayList<>();
      for (var f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EvalException("determinism check interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new EvalException("determinism check failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Computes the report from answers already collected. */
  DeterminismReport analyse(String setting, @Nullable Double temperature, @Nullable Long seed, int calls,
      int failures, List<String> outputs, double meanLatency) {
    int n = outputs.size();
    Map<String, Integer> counts = new LinkedHashMap<>();
    outputs.forEach(o -> counts.merge(o, 1, Integer::sum));
    List<Map.Entry<String, Integer>> distinct = new ArrayList<>(counts.entrySet());
    String modal = distinct.stream().max(Comparator.comparingInt(Map.Entry::getValue)).map(Map.Entry::getKey).orElse("");
    double modalShare = n == 0 ? Double.NaN : (double) counts.getOrDefault(modal, 0) / n;
    double edit = pairwiseMean(distinct, n, (a, b) -> EditDistance.normalisedWords(a, b), 0.0);
    double sim = similarity == null ? Double.NaN : pairwiseMean(distinct, n, similarity::similarity, 1.0);
    double flip = Double.NaN;
    if (labels != null && n > 0) {
      Map<String, Integer> labelCounts = new HashMap<>();
      for (String o : outputs) {
        labelCounts.merge(String.valueOf(labels.extract(o)), 1, Integer::sum);
      }
      int top = labelCounts.values().stream().max(Integer::compare).orElse(0);
      flip = (double) (n - top) / n;
    }
    double prefix = 0;
    for (String o : outputs) {
      prefix += commonPrefix(o, modal);
    }
    List<DeterminismReport.VaryingPart> varying = new ArrayList<>();
    for (String part : parts(modal)) {
      long containing = outputs.stream().filter(o -> o.contains(part)).count();
      if (containing < n) {
        varying.add(new DeterminismReport.VaryingPart(part, (double) containing / n));
      }
    }
    varying.sort(Comparator.comparingDouble(DeterminismReport.VaryingPart::share));
    return new DeterminismReport(setting, temperature, seed, calls, failures, counts.size(),
        n == 0 ? Double.NaN : (double) counts.size() / n, edit, sim, flip, modalShare, n == 0 ? Double.NaN : prefix / n,
        varying, meanLatency);
  }

  private interface PairMeasure {
    double of(String a, String b);
  }

  // The mean over all unordered pairs of answers, computed over distinct answers with their counts.
  private static double pairwiseMean(List<Map.Entry<String, Integer>> distinct, int n, PairMeasure measure,
      double identical) {
    if (n < 2) {
      return n == 1 ? identical : Double.NaN;
    }
    double sum = 0;
    for (int i = 0; i < distinct.size(); i++) {
      long ci = distinct.get(i).getValue();
      sum += identical * ci * (ci - 1) / 2.0;
      for (int j = i + 1; j < distinct.size(); j++) {
        sum += ci * distinct.get(j).getValue() * measure.of(distinct.get(i).getKey(), distinct.get(j).getKey());
      }
    }
    return sum / (n * (n - 1) / 2.0);
  }

  private static int commonPrefix(String a, String b) {
    int i = 0;
    int max = Math.min(a.length(), b.length());
    while (i < max && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    return i;
  }

  /** The answer's lines, or its sentences when it is one line. */
  static List<String> parts(String answer) {
    List<String> lines = answer.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    if (lines.size() > 1) {
      return lines;
    }
    return Arrays.stream(answer.strip().split("(?<=[.!?])\\s+")).filter(s -> !s.isBlank()).toList();
  }

  private void alert(DeterminismReport r) {
    List<String> exceeded = new ArrayList<>();
    check(exceeded, "distinct ratio", r.distinctRatio(), thresholds.maxDistinctRatio());
    check(exceeded, "edit distance", r.meanEditDistance(), thresholds.maxEditDistance());
    check(exceeded, "label flip rate", r.labelFlipRate(), thresholds.maxLabelFlipRate());
    int answered = r.repeats() - r.failures();
    if (answered == 0) {
      exceeded.add("every call failed");
    } else if (answered < 2) {
      // One answer agrees with itself: the measures would read "stable" on no evidence.
      exceeded.add("only " + answered + " of " + r.repeats() + " calls answered: too few to compare");
    }
    if (exceeded.isEmpty()) {
      return;
    }
    try {
      listener.onDivergence(new DivergenceListener.Alert(r, exceeded));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "divergence listener failed: " + e.getClass().getName());
    }
  }

  private static void check(List<String> out, String what, double value, double bound) {
    if (!Double.isNaN(bound) && !Double.isNaN(value) && value > bound) {
      out.add(String.format(Locale.ROOT, "%s %.3f > %.3f", what, value, bound));
    }
  }

  /** Builds a {@link DeterminismHarness}. */
  public static final class Builder {
    private @Nullable ClinicalModelClient client;
    private int repeats = DEFAULT_REPEATS;
    private int concurrency = 1;
    private @Nullable LabelExtractor labels;
    private @Nullable SimilarityModel similarity;
    private Thresholds thresholds = Thresholds.NONE;
    private DivergenceListener listener = DivergenceListener.NONE;

    private Builder() {}

    /** The client to call. Required. */
    public Builder client(ClinicalModelClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** Calls per check, at least 2. Default {@link #DEFAULT_REPEATS}. */
    public Builder repeats(int repeats) {
      if (repeats < 2) {
        throw new IllegalArgumentException("repeats: at least 2, was " + repeats);
      }
      this.repeats = repeats;
      return this;
    }

    /** Calls in flight at once. Default 1: one after another. */
    public Builder concurrency(int concurrency) {
      if (concurrency < 1) {
        throw new IllegalArgumentException("concurrency: at least 1, was " + concurrency);
      }
      this.concurrency = concurrency;
      return this;
    }

    /** Measures the label flip rate over these labels. Default: not measured. */
    public Builder labels(List<String> labels) {
      this.labels = LabelExtractor.among(labels);
      return this;
    }

    /** Measures pairwise semantic similarity with this model. Default: not measured. */
    public Builder similarity(SimilarityModel similarity) {
      this.similarity = Objects.requireNonNull(similarity, "similarity");
      return this;
    }

    /** Bounds that trigger the listener. Default {@link Thresholds#NONE}. */
    public Builder thresholds(Thresholds thresholds) {
      this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
      return this;
    }

    /** Told when a bound is exceeded. Default {@link DivergenceListener#NONE}. */
    public Builder listener(DivergenceListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public DeterminismHarness build() {
      return new DeterminismHarness(this);
    }
  }
}
