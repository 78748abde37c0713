package dev.hai.eval;

import dev.hai.eval.internal.RunFiles;
import dev.hai.eval.metrics.ClassificationReport;
import dev.hai.eval.stats.Bootstrap;
import dev.hai.eval.stats.Estimate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A finished (or partly finished) run: its header and one {@link ItemResult} per item, in dataset
 * order. Read one back from its run file with {@link #read(Path)}.
 *
 * @param label the run's name, for example {@code "triage v2 on local model"}
 * @param dataset the dataset's name
 * @param datasetSha256 the dataset's version
 * @param metrics the names of the metrics scored, in order
 * @param labels the classes of a classification run (empty otherwise)
 * @param items the items' results
 */
public record RunResult(
    String label,
    String dataset,
    String datasetSha256,
    List<String> metrics,
    List<String> labels,
    List<ItemResult> items) {

  public RunResult {
    metrics = List.copyOf(metrics);
    labels = List.copyOf(labels);
    items = List.copyOf(items);
  }

  /** Reads a run file; a torn last line (a crash while appending) is ignored. */
  public static RunResult read(Path runFile) {
    return RunFiles.read(runFile).result();
  }

  /** One metric's scores, in item order. */
  public double[] scores(String metric) {
    return items.stream().mapToDouble(i -> i.score(metric)).toArray();
  }

  /** The distinct versioned prompts the items' calls used ({@code id@version sha256:...}), sorted. */
  public List<String> prompts() {
    return items.stream().map(ItemResult::prompt).filter(java.util.Objects::nonNull).distinct().sorted().toList();
  }

  /** Items whose call did not succeed. */
  public long failedCalls() {
    return items.stream().filter(i -> !i.succeeded()).count();
  }

  /** Each metric's mean with a 95% bootstrap interval, overall and per tag {@code key=value}. */
  public Map<String, MetricSummary> summary(Bootstrap bootstrap) {
    Map<String, MetricSummary> out = new LinkedHashMap<>();
    for (String metric : metrics) {
      Map<String, Estimate> perTag = new TreeMap<>();
      for (String tag : tagValues()) {
        double[] s = items.stream().filter(i -> hasTag(i, tag)).mapToDouble(i -> i.score(metric)).toArray();
        perTag.put(tag, bootstrap.mean(s));
      }
      out.put(metric, new MetricSummary(metric, bootstrap.mean(scores(metric)), perTag));
    }
    return out;
  }

  /** Every {@code key=value} tag of the items, sorted. */
  public List<String> tagValues() {
    TreeSet<String> tags = new TreeSet<>();
    items.forEach(i -> i.tags().forEach((k, v) -> tags.add(k + "=" + v)));
    return new ArrayList<>(tags);
  }

  /** Whether the item carries the tag {@code key=value}. */
  public static boolean hasTag(ItemResult item, String keyEqualsValue) {
    int eq = keyEqualsValue.indexOf('=');
    if (eq < 0) {
      return item.tags().containsKey(keyEqualsValue);
    }
    return keyEqualsValue.substring(eq + 1).equals(item.tags().get(keyEqualsValue.substring(0, eq)));
  }

  /** The classification report of a run with labels; empty otherwise. */
  public java.util.Optional<ClassificationReport> classification() {
    List<String> expected = new ArrayList<>();
    List<String> predicted = new ArrayList<>();
    for (ItemResult item : items) {
      if (item.expectedLabel() != null) {
        expected.add(item.expectedLabel());
        predicted.add(item.predictedLabel());
      }
    }
    if (labels.isEmpty() || expected.isEmpty()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(ClassificationReport.of(labels, expected, predicted));
  }

  /**
   * One metric's aggregate.
   *
   * @param metric the metric's name
   * @param overall over all items
   * @param perTag per {@code key=value} tag
   */
  public record MetricSummary(String metric, Estimate overall, Map<String, Estimate> perTag) {}
}
