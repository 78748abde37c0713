package dev.hai.eval;

import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalResult;
import dev.hai.eval.internal.Progress;
import dev.hai.eval.internal.RunFiles;
import dev.hai.eval.metrics.LabelAccuracy;
import dev.hai.eval.metrics.LabelExtractor;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Runs a dataset through a {@link ClinicalModelClient} and scores every answer.
 *
 * <pre>{@code
 * RunResult run = Evaluation.builder()
 *     .client(client)                                        // any backend, any prompt version
 *     .dataset(Dataset.example(Dataset.TRIAGE_URGENCY))
 *     .request(RequestFactory.promptReference(caller, "triage", "2.0.0", params))
 *     .labels(List.of("emergency", "urgent", "routine"))     // classification: adds label_accuracy
 *     .metric(Metrics.redFlagEscalation())
 *     .runFile(Path.of("runs/triage-v2.jsonl"))              // resumable
 *     .concurrency(4)
 *     .progress(System.err)
 *     .build()
 *     .run();
 * }</pre>
 *
 * <p><b>Run file.</b> With {@link Builder#runFile}, each finished item is appended to the file as
 * one JSON line (answer, scores, labels, latency, call id) and flushed. A rerun with the same file
 * skips the items already there and runs only the others; an item whose call did not succeed
 * ({@code unavailable}, {@code audit_failure}, {@code denied}, {@code disabled}, {@code
 * budget_exceeded}, {@code error}: all but {@code rejected}, whose request itself is at fault) is
 * run again unless {@link Builder#retryFailed} is off, and its new line replaces the old one. A
 * line torn by a crash is cut off before appending. A run file of another dataset version is
 * refused. The file holds the model's answers: keep it where the dataset is kept.
 *
 * <p><b>Concurrency.</b> At most {@link Builder#concurrency} calls are in flight at once, each
 * through {@link ClinicalModelClient#call}; results are written in the order they finish and read
 * back in dataset order.
 *
 * <p>An item whose call did not succeed is scored as an empty answer, so failures count against
 * the model. A metric that throws is a bug in the metric, not a score: the run stops with an
 * {@link EvalException} naming the metric and the item, after the calls in flight have finished and
 * been written to the run file, so a rerun with the fixed metric resumes there. An {@code
 * Evaluation} runs once at a time; it is not meant to be shared.
 */
public final class Evaluation {

  /** Default number of calls in flight. */
  public static final int DEFAULT_CONCURRENCY = 4;

  private final ClinicalModelClient client;
  private final Dataset dataset;
  private final RequestFactory requests;
  private final List<Metric> metrics;
  private final @Nullable LabelExtractor labels;
  private final int concurrency;
  private final @Nullable Path runFile;
  private final String label;
  private final @Nullable PrintStream progress;
  private final boolean retryFailed;

  private Evaluation(Builder b) {
    this.client = Objects.requireNonNull(b.client, "client: set it with Builder.client(..)");
    this.dataset = Objects.requireNonNull(b.dataset, "dataset: set it with Builder.dataset(..)");
    this.requests = Objects.requireNonNull(b.requests, "request: set it with Builder.request(..)");
    List<Metric> all = new ArrayList<>();
    if (b.labels != null) {
      all.add(new LabelAccuracy(b.labels));
    }
    all.addAll(b.metrics);
    if (all.isEmpty()) {
      throw new IllegalStateException("evaluation: add at least one metric or labels(..)");
    }
    Set<String> names = new java.util.HashSet<>();
    for (Metric m : all) {
      if (!names.add(m.name())) {
        throw new IllegalStateException("evaluation: two metrics are named '" + m.name() + "'");
      }
    }
    this.metrics = List.copyOf(all);
    this.labels = b.labels;
    this.concurrency = b.concurrency;
    this.runFile = b.runFile;
    this.label = b.label == null ? dataset.name() : b.label;
    this.progress = b.progress;
    this.retryFailed = b.retryFailed;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The metrics scored, label accuracy first when labels are set. */
  public List<Metric> metrics() {
    return metrics;
  }

  /**
   * Runs the items not yet finished in the run file, and returns every item's result in dataset
   * order.
   *
   * @throws EvalException if the run file belongs to another dataset version or cannot be written
   */
  public RunResult run() {
    Map<String, ItemResult> done = new LinkedHashMap<>();
    List<String> metricNames = metrics.stream().map(Metric::name).toList();
    List<String> labelNames = labels == null ? List.of() : labels.labels();
    if (runFile != null) {
      if (Files.exists(runFile)) {
        RunFiles.Contents existing = RunFiles.read(runFile);
        RunResult previous = existing.result();
        if (!previous.datasetSha256().equals(dataset.sha256())) {
          throw new EvalException(runFile + " was written for dataset " + previous.dataset() + " version "
              + previous.datasetSha256().substring(0, Math.min(12, previous.datasetSha256().length()))
              + ", not " + dataset.name() + " version " + dataset.version() + "; use a new run file");
        }
        if (!previous.metrics().equals(metricNames)) {
          throw new EvalException(runFile + " was scored with metrics " + previous.metrics() + ", not "
              + metricNames + "; use a new run file");
        }
        RunFiles.truncate(runFile, existing.validBytes());
        for (ItemResult r : previous.items()) {
          if (!retryFailed || r.succeeded() || r.outcome().equals("rejected")) {
            done.put(r.id(), r);
          }
        }
      } else {
        RunFiles.create(runFile, label, dataset.name(), dataset.sha256(), metricNames, labelNames);
      }
    }
    List<DatasetItem> pending = dataset.items().stream().filter(i -> !done.containsKey(i.id())).toList();
    Map<String, ItemResult> fresh = runAll(pending);
    List<ItemResult> ordered = new ArrayList<>();
    for (DatasetItem item : dataset.items()) {
      ItemResult r = fresh.containsKey(item.id()) ? fresh.get(item.id()) : done.get(item.id());
      if (r != null) {
        ordered.add(r);
      }
    }
    return new RunResult(label, dataset.name(), dataset.sha256(), metricNames, labelNames, ordered);
  }

  private Map<String, ItemResult> runAll(List<DatasetItem> pending) {
    Map<String, ItemResult> results = new java.util.concurrent.ConcurrentHashMap<>();
    if (pending.isEmpty()) {
      return results;
    }
    Progress bar = progress == null ? null : new Progress(progress, pending.size());
    AtomicInteger threadIds = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, pending.size()), r -> {
      Thread t = new Thread(r, "hai-eval-" + threadIds.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try (BufferedWriter writer = runFile == null ? null
        : Files.newBufferedWriter(runFile, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
      List<Future<?>> futures = new ArrayList<>();
      AtomicBoolean failed = new AtomicBoolean();
      Map<String, Integer> index = new java.util.HashMap<>();
      for (int i = 0; i < dataset.items().size(); i++) {
        index.put(dataset.items().get(i).id(), i);
      }
      for (DatasetItem item : pending) {
        futures.add(pool.submit(() -> {
          if (failed.get()) {
            return; // an earlier item failed: start nothing new, the rerun picks this item up
          }
          ItemResult r;
          try {
            r = evaluate(item);
          } catch (RuntimeException | Error e) {
            failed.set(true);
            throw e;
          }
          results.put(item.id(), r);
          if (writer != null) {
            append(writer, RunFiles.line(r, index.get(item.id())));
          }
          if (bar != null) {
            bar.itemDone(r.succeeded());
          }
        }));
      }
      Throwable failure = awaitAll(futures);
      if (failure instanceof RuntimeException re) {
        throw re;
      }
      if (failure != null) {
        throw new EvalException("evaluation failed: " + failure, failure);
      }
    } catch (IOException e) {
      throw new EvalException("cannot append to run file " + runFile + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EvalException("evaluation interrupted; rerun with the same run file to resume", e);
    } finally {
      pool.shutdownNow(); // on interruption only; otherwise every item has finished
      if (bar != null) {
        bar.finish();
      }
    }
    return results;
  }

  /**
   * Waits for every item. After the first failure no new item starts, but the calls already in
   * flight finish and are recorded before the run file is closed, so no finished item is lost and a
   * rerun resumes after them.
   *
   * @return the first item's failure, or null if all finished
   */
  private static @Nullable Throwable awaitAll(List<Future<?>> futures) throws InterruptedException {
    Throwable first = null;
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (ExecutionException e) {
        if (first == null) {
          first = e.getCause();
        }
      }
    }
    return first;
  }

  private static void append(BufferedWriter writer, String line) {
    synchronized (writer) {
      try {
        writer.write(line + "\n");
        writer.flush();
      } catch (IOException e) {
        throw new EvalException("cannot append to run file: " + e.getMessage(), e);
      }
    }
  }

  /** Calls the client for one item and scores the answer. */
  ItemResult evaluate(DatasetItem item) {
    String outcome;
    String output = "";
    String reason = null;
    String callId = null;
    String prompt = null;
    long started = System.nanoTime();
    long latency;
    try {
      ClinicalResult result = client.call(requests.request(item));
      outcome = result.outcome();
      callId = result.callId().toString();
      latency = result.metadata().latency().toMillis();
      prompt = result.metadata().promptInfo()
          .map(p -> p.promptId() + "@" + p.version() + " sha256:" + p.sha256().substring(0, Math.min(12, p.sha256().length())))
          .orElse(null);
      if (result instanceof ClinicalResult.Success s) {
        output = s.text();
      } else {
        reason = reason(result);
      }
    } catch (EvalException e) {
      throw e;
    } catch (RuntimeException e) {
      // The client throws only for programming errors; record the kind, not the message.
      outcome = "error";
      reason = e.getClass().getName();
      latency = (System.nanoTime() - started) / 1_000_000;
    }
    Map<String, Double> scores = new LinkedHashMap<>();
    for (Metric m : metrics) {
      try {
        scores.put(m.name(), m.score(item, output));
      } catch (RuntimeException e) {
        // the metric is at fault, not the item: stop the run (finished items are kept) and name it
        throw new EvalException("metric '" + m.name() + "' failed on item '" + item.id() + "': "
            + e.getClass().getName() + "; fix the metric and rerun with the same run file to resume", e);
      }
    }
    String predicted = labels == null ? null : labels.extract(output);
    return new ItemResult(item.id(), outcome, output, reason, item.tags(), scores, item.expected().label(),
        predicted, latency, callId, prompt);
  }

  private static String reason(ClinicalResult result) {
    if (result instanceof ClinicalResult.Rejected r) {
      return r.reason();
    }
    if (result instanceof ClinicalResult.Unavailable u) {
      return u.kind() + ": " + u.reason();
    }
    if (result instanceof ClinicalResult.AuditFailure a) {
      return a.reason();
    }
    return result.outcome();
  }

  /** Builds an {@link Evaluation}. */
  public static final class Builder {
    private @Nullable ClinicalModelClient client;
    private @Nullable Dataset dataset;
    private @Nullable RequestFactory requests;
    private final List<Metric> metrics = new ArrayList<>();
    private @Nullable LabelExtractor labels;
    private int concurrency = DEFAULT_CONCURRENCY;
    private @Nullable Path runFile;
    private @Nullable String label;
    private @Nullable PrintStream progress;
    private boolean retryFailed = true;

    private Builder() {}

    /** The client to call. Required. The evaluation does not close it. */
    public Builder client(ClinicalModelClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** The dataset. Required. */
    public Builder dataset(Dataset dataset) {
      this.dataset = Objects.requireNonNull(dataset, "dataset");
      return this;
    }

    /** How each item becomes a request. Required. */
    public Builder request(RequestFactory requests) {
      this.requests = Objects.requireNonNull(requests, "request");
      return this;
    }

    /** Adds a metric. */
    public Builder metric(Metric metric) {
      metrics.add(Objects.requireNonNull(metric, "metric"));
      return this;
    }

    /** Adds metrics. */
    public Builder metrics(List<? extends Metric> metrics) {
      metrics.forEach(this::metric);
      return this;
    }

    /**
     * Makes this a classification run over these labels: the label read from each answer is
     * recorded, {@link LabelAccuracy} is scored, and reports show the confusion matrix.
     */
    public Builder labels(List<String> labels) {
      this.labels = LabelExtractor.among(labels);
      return this;
    }

    /** Calls in flight at once, at least 1. Default {@link #DEFAULT_CONCURRENCY}. */
    public Builder concurrency(int concurrency) {
      if (concurrency < 1) {
        throw new IllegalArgumentException("concurrency: at least 1, was " + concurrency);
      }
      this.concurrency = concurrency;
      return this;
    }

    /** The run file to append to and resume from. Default: none (results only in memory). */
    public Builder runFile(Path runFile) {
      this.runFile = Objects.requireNonNull(runFile, "runFile");
      return this;
    }

    /** The run's name in reports. Default: the dataset's name. */
    public Builder label(String label) {
      if (label.isBlank()) {
        throw new IllegalArgumentException("label: must not be blank");
      }
      this.label = label;
      return this;
    }

    /** Draws a progress bar on this stream (for example {@code System.err}). Default: none. */
    public Builder progress(PrintStream progress) {
      this.progress = Objects.requireNonNull(progress, "progress");
      return this;
    }

    /**
     * Whether a rerun repeats items whose call did not succeed (every outcome but {@code success} and
     * {@code rejected}). Default {@code true}.
     */
    public Builder retryFailed(boolean retryFailed) {
      this.retryFailed = retryFailed;
      return this;
    }

    public Evaluation build() {
      return new Evaluation(this);
    }
  }
}
