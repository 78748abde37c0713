package dev.hai.benchmarks.gpu;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hai.core.ClinicalModelClient;
import dev.hai.core.audit.FileAuditSink;
import dev.hai.core.backend.openai.OpenAiBackend;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The GPU serving benchmark: output tokens per second through HAI versus a bare HTTP client
 * against the same OpenAI-compatible model server, at fixed concurrencies, and latency per clinical
 * priority class when more is offered than the server can serve.
 *
 * <p>Not JMH: this is a closed-loop load test at a fixed concurrency against an external server,
 * whose unit of work takes milliseconds to seconds and whose measure is the server's output
 * tokens per second of wall time. JMH measures a method's time in one JVM with its own warm-up,
 * forks and iteration model, and has no notion of N concurrent clients sharing a server nor of
 * token counts; alternating rounds of the two sides against one warm server is what cancels drift
 * here.
 *
 * <p>Phase 1, throughput: for each concurrency C, {@code --rounds} rounds, each running the direct
 * side and HAI's side for {@code --duration} seconds (or {@code --requests} requests) with C
 * closed-loop workers, the order alternating from round to round. Both sides send the same notes
 * in the same order with temperature 0, a fixed seed and a fixed {@code max_tokens}. Reported:
 * output tokens/s of each side (all rounds' tokens over all rounds' time), and the ratio HAI over
 * direct as the geometric mean of the rounds' ratios (the pooled one is reported beside it); the
 * target is {@value #DEFAULT_TARGET_RATIO} or more.
 *
 * <p>Phase 2, saturation: closed-loop workers of several priority classes ({@code --mix}) all
 * through HAI, once behind each {@link Scheduling} named in {@code --scheduling} (by default the
 * FIFO baseline, then hai-gpu's {@code GpuScheduler}); reported per class: p50 and p99 latency
 * (queueing included) of the answered requests, and the requests refused at admission ({@code
 * CAPACITY}; the worker pauses {@code --refusal-pause} before its next one).
 *
 * <p>Run: {@code java -cp serving-bench.jar dev.hai.benchmarks.gpu.ServingBench --url
 * http://127.0.0.1:8000/v1 --model NAME --concurrency 1,8,32 --out results.json}; {@code
 * --help} lists every option. Exit status 0 when both phases ran; 2 when a throughput round had a
 * failed request (the two sides' work would differ, so no ratio is claimed); 1 for bad options.
 */
@Command(name = "serving-bench", mixinStandardHelpOptions = true,
    description = "HAI vs a direct client against an OpenAI-compatible model server: output tokens/s and"
        + " latency per priority class.")
public final class ServingBench implements Callable<Integer> {
  /** The ratio HAI's output tokens/s should reach against the direct client's. */
  public static final double DEFAULT_TARGET_RATIO = 0.97;
  /** Seconds an idle pooled connection is kept: under uvicorn's default keep-alive of 5 s. */
  static final long IDLE_KEEP_ALIVE_SECONDS = 4;

  @Option(names = "--url", required = true,
      description = "the server's base URL with its version path, for example http://127.0.0.1:8000/v1")
  String url;

  @Option(names = "--model", required = true, description = "the model name the server serves")
  String model;

  @Option(names = "--concurrency", split = ",", defaultValue = "1,4",
      description = "closed-loop workers per side, one throughput test each (default: ${DEFAULT-VALUE})")
  List<Integer> concurrency;

  @Option(names = "--rounds", defaultValue = "3",
      description = "rounds per concurrency; each runs both sides, alternating which goes first (default: ${DEFAULT-VALUE})")
  int rounds;

  @Option(names = "--duration", defaultValue = "20",
      description = "seconds each side runs per round (default: ${DEFAULT-VALUE})")
  int durationSeconds;

  @Option(names = "--requests", defaultValue = "0",
      description = "requests each side sends per round, ending the round before --duration if reached;"
          + " 0: no limit (default)")
  int requests;

  @Option(names = "--warmup", defaultValue = "5",
      description = "seconds of unrecorded load per side before the first round of each concurrency (default: ${DEFAULT-VALUE})")
  int warmupSeconds;

  @Option(names = "--max-tokens", defaultValue = "128", description = "max_tokens of every request (default: ${DEFAULT-VALUE})")
  int maxTokens;

  @Option(names = "--seed", defaultValue = "7", description = "seed of every request (temperature is 0)")
  long seed;

  @Option(names = "--timeout", defaultValue = "300", description = "seconds one request may take (default: ${DEFAULT-VALUE})")
  int timeoutSeconds;

  @Option(names = "--audit-dir",
      description = "give HAI's client a FileAuditSink in this directory (default: no audit sink, the client's default)")
  @Nullable Path auditDir;

  @Option(names = "--mix", defaultValue = "emergency:2,documentation:4,administrative:6",
      description = "saturation phase: CLASS:WORKERS,... (classes: emergency, critical-care, decision-support,"
          + " documentation, insurance, administrative, or NAME=PRIORITY:WORKERS); 'off' skips the phase"
          + " (default: ${DEFAULT-VALUE})")
  String mix;

  @Option(names = "--saturation-duration", defaultValue = "30",
      description = "seconds of the saturation phase (default: ${DEFAULT-VALUE})")
  int saturationSeconds;

  @Option(names = "--scheduling", split = ",", defaultValue = "fifo,priority",
      description = "what stands in front of the server in the saturation phase, one run each: none; fifo"
          + " (--capacity requests in flight, the rest waiting in arrival order); priority (hai-gpu's"
          + " GpuScheduler with --capacity) (default: ${DEFAULT-VALUE})")
  List<String> scheduling;

  @Option(names = "--refusal-pause", defaultValue = "200",
      description = "milliseconds a saturation worker waits after a failed (refused) request (default: ${DEFAULT-VALUE})")
  int refusalPauseMillis;

  @Option(names = "--throughput-scheduling", defaultValue = "none",
      description = "what stands in front of the server on HAI's side in the throughput phase: none, fifo or"
          + " priority (--capacity requests in flight; give it at least the largest --concurrency to measure"
          + " its overhead alone) (default: ${DEFAULT-VALUE})")
  String throughputScheduling;

  @Option(names = "--capacity", defaultValue = "4",
      description = "requests in flight to the server under fifo and priority scheduling: its batch capacity"
          + " (default: ${DEFAULT-VALUE})")
  int capacity;

  @Option(names = "--target-ratio", defaultValue = "0.97",
      description = "HAI/direct output tokens/s the report checks against (default: ${DEFAULT-VALUE})")
  double targetRatio;

  @Option(names = "--label", defaultValue = "",
      description = "what ran, in words (device, server, model), copied into the report")
  String label;

  @Option(names = "--out", defaultValue = "serving-bench.json",
      description = "the JSON results file; the text table goes to standard output and beside it as .txt"
          + " (default: ${DEFAULT-VALUE})")
  Path out;

  private PrintStream log = System.err;

  /** Runs the benchmark with {@code args}; exits with the status {@link #call()} returns. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String... args) {
    return new CommandLine(new ServingBench()).execute(args);
  }

  @Override
  public Integer call() throws Exception {
    validate();
    Workload workload = new Workload(model, maxTokens, seed, Duration.ofSeconds(timeoutSeconds));
    int widest = Math.max(Collections.max(concurrency), mixWorkers());
    ObjectNode report = new ObjectMapper().createObjectNode();
    writeSettings(report);
    boolean failedRound = false;
    FileAuditSink audit = auditDir == null ? null : FileAuditSink.builder(auditDir).build();
    OkHttpClient directHttp = http(widest);
    OkHttpClient haiHttp = http(widest);
    try {
      Scheduling inThroughput = Scheduling.named(throughputScheduling, capacity);
      try (DirectTarget direct = new DirectTarget(directHttp, url, workload);
          HaiTarget hai = new HaiTarget(client(haiHttp, inThroughput, audit), workload)) {
        ArrayNode throughput = report.putArray("throughput");
        for (int c : concurrency) {
          failedRound |= throughputAt(c, direct, hai, throughput.addObject());
        }
      }
      if (!"off".equals(mix)) {
        ArrayNode saturation = report.putArray("saturation");
        for (String name : scheduling) {
          Scheduling chosen = Scheduling.named(name, capacity);
          try (HaiTarget hai = new HaiTarget(client(haiHttp, chosen, audit), workload)) {
            saturation(hai, chosen, saturation.addObject());
          }
        }
      }
    } finally {
      if (audit != null) {
        audit.close();
      }
      shutdown(directHttp);
      shutdown(haiHttp);
    }
    report.put("ended", Instant.now().toString());
    String table = Tables.text(report);
    System.out.print(table);
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);
    Files.writeString(Path.of(out + ".txt"), table, StandardCharsets.UTF_8);
    log.println("results: " + out.toAbsolutePath() + " and " + out.toAbsolutePath() + ".txt");
    if (failedRound) {
      log.println("some throughput requests failed (see 'errors' and 'firstError'): the ratio is not a valid comparison");
      return 2;
    }
    return 0;
  }

  private void validate() {
    List<String> wrong = new ArrayList<>();
    if (concurrency.isEmpty() || concurrency.stream().anyMatch(c -> c == null || c < 1)) {
      wrong.add("--concurrency: each value must be at least 1");
    }
    if (rounds < 1) {
      wrong.add("--rounds must be at least 1");
    }
    if (durationSeconds < 1) {
      wrong.add("--duration must be at least 1 second");
    }
    if (requests < 0 || warmupSeconds < 0 || refusalPauseMillis < 0 || saturationSeconds < 1 || timeoutSeconds < 1
        || capacity < 1) {
      wrong.add("--requests, --warmup and --refusal-pause must not be negative; --saturation-duration, --timeout"
          + " and --capacity must be at least 1");
    }
    if (targetRatio <= 0) {
      wrong.add("--target-ratio must be positive");
    }
    if (!wrong.isEmpty()) {
      throw new CommandLine.ParameterException(new CommandLine(this), String.join("; ", wrong));
    }
    try {
      Scheduling.named(throughputScheduling, capacity);
      if (!"off".equals(mix)) {
        PriorityClass.parseMix(mix); // fails on a bad mix before any load is sent
        scheduling.forEach(name -> Scheduling.named(name, capacity));
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage(), e);
    }
  }

  private int mixWorkers() {
    return "off".equals(mix) ? 0 : PriorityClass.parseMix(mix).stream().mapToInt(PriorityClass.Offer::workers).sum();
  }

  /**
   * The same HTTP client configuration for both sides: a pool as wide as the widest load, whose
   * idle connections are dropped before a uvicorn-based server (llama-cpp-python, {@code
   * transformers serve}) drops them after its 5-second keep-alive, and OkHttp's default retry of a
   * request that met a connection the server had closed. Without these the direct side fails now
   * and then on a stale connection while HAI's retry hides the same event, which skews the ratio.
   */
  private OkHttpClient http(int connections) {
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    return new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(timeout)
        .writeTimeout(Duration.ofSeconds(30))
        .callTimeout(timeout)
        .connectionPool(new ConnectionPool(connections, IDLE_KEEP_ALIVE_SECONDS, TimeUnit.SECONDS))
        .retryOnConnectionFailure(true)
        .build();
  }

  private ClinicalModelClient client(OkHttpClient http, Scheduling chosen, @Nullable FileAuditSink audit) {
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    OpenAiBackend backend = OpenAiBackend.compatible(url)
        .name("bench-server")
        .defaultModel(model)
        .okHttpClient(http)
        .timeout(timeout)
        .build();
    ClinicalModelClient.Builder client = ClinicalModelClient.builder()
        .backend(chosen.wrap(backend))
        .defaultTimeout(timeout);
    if (audit != null) {
      client.auditSink(audit);
    }
    return client.build();
  }

  private boolean throughputAt(int c, LoadTarget direct, LoadTarget hai, ObjectNode node) throws InterruptedException {
    List<PriorityClass> workers = Collections.nCopies(c, PriorityClass.THROUGHPUT);
    Duration duration = Duration.ofSeconds(durationSeconds);
    if (warmupSeconds > 0) {
      log.printf(Locale.ROOT, "C=%d: warm-up, %d s per side%n", c, warmupSeconds);
      ClosedLoop.run(direct, workers, Duration.ofSeconds(warmupSeconds), 0, Duration.ZERO);
      ClosedLoop.run(hai, workers, Duration.ofSeconds(warmupSeconds), 0, Duration.ZERO);
    }
    List<Sample> directAll = new ArrayList<>();
    List<Sample> haiAll = new ArrayList<>();
    double directSeconds = 0;
    double haiSeconds = 0;
    node.put("concurrency", c);
    ArrayNode roundsNode = node.putArray("rounds");
    double logRatios = 0;
    for (int r = 1; r <= rounds; r++) {
      boolean directFirst = r % 2 == 1;
      LoadTarget first = directFirst ? direct : hai;
      LoadTarget second = directFirst ? hai : direct;
      ClosedLoop.Run a = ClosedLoop.run(first, workers, duration, requests, Duration.ZERO);
      ClosedLoop.Run b = ClosedLoop.run(second, workers, duration, requests, Duration.ZERO);
      ClosedLoop.Run d = directFirst ? a : b;
      ClosedLoop.Run h = directFirst ? b : a;
      SideStats ds = SideStats.of(d.samplesOf(null), d.seconds());
      SideStats hs = SideStats.of(h.samplesOf(null), h.seconds());
      directAll.addAll(d.samplesOf(null));
      haiAll.addAll(h.samplesOf(null));
      directSeconds += d.seconds();
      haiSeconds += h.seconds();
      ObjectNode round = roundsNode.addObject();
      round.put("round", r);
      round.put("first", first.name());
      stats(round.putObject("direct"), ds);
      stats(round.putObject("hai"), hs);
      round.put("ratio", ratio(hs, ds));
      logRatios += Math.log(ratio(hs, ds));
      log.printf(Locale.ROOT, "C=%d round %d/%d (%s first): direct %.1f tok/s, hai %.1f tok/s, ratio %.3f%n",
          c, r, rounds, first.name(), ds.tokensPerSecond(), hs.tokensPerSecond(), ratio(hs, ds));
    }
    SideStats directTotal = SideStats.of(directAll, directSeconds);
    SideStats haiTotal = SideStats.of(haiAll, haiSeconds);
    stats(node.putObject("direct"), directTotal);
    stats(node.putObject("hai"), haiTotal);
    // The rounds' geometric mean: each round compares the two sides under the same conditions, so a
    // slow spell of the machine weighs on one round's both sides rather than on whichever side it hit.
    double ratio = Math.exp(logRatios / rounds);
    node.put("ratio", ratio);
    node.put("pooledRatio", ratio(haiTotal, directTotal));
    node.put("targetRatio", targetRatio);
    node.put("meetsTarget", ratio >= targetRatio);
    // Equal work: the same notes at temperature 0 should give the same answers on both sides.
    node.put("sameTokensPerRequest",
        Math.abs(haiTotal.tokensPerRequest() - directTotal.tokensPerRequest())
            <= 0.01 * Math.max(1, directTotal.tokensPerRequest()));
    return directTotal.errors() > 0 || haiTotal.errors() > 0 || directTotal.requests() == 0 || haiTotal.requests() == 0;
  }

  private void saturation(HaiTarget hai, Scheduling chosen, ObjectNode node) throws InterruptedException {
    List<PriorityClass.Offer> offers = PriorityClass.parseMix(mix);
    List<PriorityClass> workers = new ArrayList<>();
    for (PriorityClass.Offer o : offers) {
      workers.addAll(Collections.nCopies(o.workers(), o.priorityClass()));
    }
    // Interleave the classes so that no class has a head start in the thread start order.
    Collections.shuffle(workers, new java.util.Random(seed));
    log.printf(Locale.ROOT, "saturation: %d workers through HAI, scheduling %s, %d s%n",
        workers.size(), chosen.describe(), saturationSeconds);
    ClosedLoop.Run run = ClosedLoop.run(
        hai, workers, Duration.ofSeconds(saturationSeconds), 0, Duration.ofMillis(refusalPauseMillis));
    node.put("scheduling", chosen.describe());
    node.put("workers", workers.size());
    node.put("seconds", run.seconds());
    ArrayNode classes = node.putArray("classes");
    for (PriorityClass.Offer o : offers) {
      ObjectNode cls = classes.addObject();
      cls.put("class", o.priorityClass().name());
      cls.put("priority", o.priorityClass().priority());
      cls.put("workers", o.workers());
      List<Sample> samples = run.samplesOf(o.priorityClass());
      stats(cls, SideStats.of(samples, run.seconds()));
      cls.put("refused", samples.stream().filter(x -> !x.ok() && x.error().contains("CAPACITY")).count());
    }
    stats(node.putObject("all"), SideStats.of(run.samplesOf(null), run.seconds()));
  }

  private static double ratio(SideStats hai, SideStats direct) {
    return direct.tokensPerSecond() > 0 ? hai.tokensPerSecond() / direct.tokensPerSecond() : Double.NaN;
  }

  private static void stats(ObjectNode node, SideStats s) {
    node.put("requests", s.requests());
    node.put("errors", s.errors());
    node.put("outputTokens", s.outputTokens());
    node.put("seconds", s.seconds());
    node.put("tokensPerSecond", s.tokensPerSecond());
    node.put("tokensPerRequest", s.tokensPerRequest());
    node.put("p50Millis", s.p50Millis());
    node.put("p99Millis", s.p99Millis());
    if (s.firstError() != null) {
      node.put("firstError", s.firstError());
    }
  }

  private void writeSettings(ObjectNode report) {
    report.put("benchmark", "hai-serving-bench");
    report.put("label", label);
    report.put("started", Instant.now().toString());
    ObjectNode settings = report.putObject("settings");
    settings.put("url", url);
    settings.put("model", model);
    ArrayNode cs = settings.putArray("concurrency");
    concurrency.forEach(cs::add);
    settings.put("rounds", rounds);
    settings.put("durationSeconds", durationSeconds);
    settings.put("requestsPerRound", requests);
    settings.put("warmupSeconds", warmupSeconds);
    settings.put("maxTokens", maxTokens);
    settings.put("temperature", 0.0);
    settings.put("seed", seed);
    settings.put("timeoutSeconds", timeoutSeconds);
    settings.put("audit", auditDir == null ? "none" : "FileAuditSink");
    settings.put("mix", mix);
    settings.put("saturationSeconds", saturationSeconds);
    settings.put("throughputScheduling", Scheduling.named(throughputScheduling, capacity).describe());
    ArrayNode schedulings = settings.putArray("scheduling");
    scheduling.forEach(schedulings::add);
    settings.put("refusalPauseMillis", refusalPauseMillis);
    settings.put("capacity", capacity);
    ObjectNode env = report.putObject("environment");
    env.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
    env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    env.put("cpus", Runtime.getRuntime().availableProcessors());
  }

  private static void shutdown(OkHttpClient http) {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
