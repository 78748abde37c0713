package dev.hai.governance;

import com.styra.opa.wasm.OpaPolicy;
import dev.hai.core.policy.PolicyDecision;
import dev.hai.core.policy.PolicyInput;
import dev.hai.core.spi.PolicyEngine;
import dev.hai.core.spi.PolicyException;
import dev.hai.governance.internal.BundleSource;
import dev.hai.governance.internal.Decisions;
import dev.hai.governance.internal.InstancePool;
import dev.hai.governance.internal.PolicyBundle;
import dev.hai.governance.internal.PolicyJson;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded policy engine: an OPA bundle built with {@code opa build -t wasm -e
 * hai/authz/decision}, evaluated in-process through opa-java-wasm, in microseconds and without a
 * server.
 *
 * <pre>{@code
 * WasmPolicyEngine policy = WasmPolicyEngine.builder()
 *     .bundleFile(Path.of("/etc/hai/policy/bundle.tar.gz"))   // reloaded when it changes
 *     .decisionLog(DecisionLog.jsonl(Path.of("/var/log/hai/decisions.jsonl")))
 *     .build();
 * ClinicalModelClient client = ClinicalModelClient.builder()
 *     .backend(...)
 *     .policyEngine(policy)
 *     .build();
 * }</pre>
 *
 * <p>A Wasm instance serves one evaluation at a time; the engine keeps a pool of them (one per
 * processor by default), all made when a bundle loads. A file or URL bundle is checked for changes
 * in the background and swapped in atomically when a new one loads; a bundle that fails to load is
 * logged and the last good one stays. Every decision carries the revision of the bundle that made it (the bundle's {@code
 * .manifest} {@code revision}, set with {@code opa build --revision}).
 *
 * <p>A bundle, from whatever source, is at most {@value #MAX_BUNDLE_BYTES} bytes (64 MiB) packed
 * and unpacked; a larger one is refused with an error naming the limit, never cut short.
 *
 * <p>Thread-safe; share one engine. Close it to stop the reload checks.
 */
public final class WasmPolicyEngine implements PolicyEngine, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WasmPolicyEngine.class);

  /** The largest bundle loaded, packed or unpacked: 64 MiB. */
  public static final int MAX_BUNDLE_BYTES = PolicyBundle.MAX_BYTES;
  /** The default entrypoint: the starter policy's decision rule. */
  public static final String DEFAULT_ENTRYPOINT = "hai/authz/decision";
  /** Default interval of the change check of a file bundle. */
  public static final Duration DEFAULT_FILE_RELOAD_INTERVAL = Duration.ofSeconds(1);
  /** Default interval of the change check of a URL bundle. */
  public static final Duration DEFAULT_URL_RELOAD_INTERVAL = Duration.ofSeconds(30);
  /** Default of {@link Builder#borrowTimeout}: how long a call waits for a free instance. */
  public static final Duration DEFAULT_BORROW_TIMEOUT = Duration.ofMillis(500);
  /** Default bundle name under {@code bundles} in the decision log. */
  public static final String DEFAULT_BUNDLE_NAME = "hai";

  /** A loaded bundle and its instances. */
  private record Loaded(PolicyBundle bundle, InstancePool<OpaPolicy> pool, @Nullable Object stamp) {}

  private final BundleSource source;
  private final String entrypoint;
  private final int poolSize;
  private final Duration borrowTimeout;
  private final Decisions decisions;
  private final AtomicReference<Loaded> current = new AtomicReference<>();
  private final AtomicLong reloads = new AtomicLong();
  private final AtomicLong reloadFailures = new AtomicLong();
  private final @Nullable ScheduledExecutorService watcher;

  private WasmPolicyEngine(Builder b, BundleSource source) {
    this.source = source;
    this.entrypoint = b.entrypoint;
    this.poolSize = b.poolSize;
    this.borrowTimeout = b.borrowTimeout;
    this.decisions = new Decisions("wasm", b.entrypoint, b.bundleName, b.decisionLog, b.clock);
    try {
      current.set(load(source.stamp()));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("the policy bundle from " + source.describe() + " could not be loaded: "
          + e.getMessage(), e);
    }
    Duration interval = b.reloadInterval != null ? b.reloadInterval
        : source.describe().startsWith("URL") ? DEFAULT_URL_RELOAD_INTERVAL : DEFAULT_FILE_RELOAD_INTERVAL;
    if (source.reloadable() && !interval.isZero()) {
      watcher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hai-policy-reload");
        t.setDaemon(true);
        return t;
      });
      watcher.scheduleWithFixedDelay(this::reloadQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    } else {
      watcher = null;
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  private Loaded load(@Nullable Object stamp) throws IOException {
    PolicyBundle bundle = PolicyBundle.read(source.load(), entrypoint);
    InstancePool<OpaPolicy> pool = new InstancePool<>(() -> instance(bundle), poolSize);
    pool.warm(); // a bundle that cannot be instantiated is refused here, not on a call
    return new Loaded(bundle, pool, stamp);
  }

  private OpaPolicy instance(PolicyBundle bundle) {
    OpaPolicy policy = OpaPolicy.builder().withPolicy(bundle.wasm()).build();
    if (!policy.entrypoints().containsKey(entrypoint)) {
      throw new IllegalArgumentException("the bundle's Wasm has no entrypoint '" + entrypoint + "' (it has "
          + policy.entrypoints().keySet() + "); build it with: opa build -t wasm -e " + entrypoint);
    }
    return policy.entrypoint(entrypoint).data(bundle.data());
  }

  @Override
  public PolicyDecision evaluate(PolicyInput input) {
    Loaded l = current.get();
    Map<String, Object> doc = input.toDocument();
    String json = PolicyJson.write(doc);
    long start = System.nanoTime();
    OpaPolicy policy;
    try {
      policy = l.pool().borrow(borrowTimeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PolicyException(PolicyException.Kind.UNAVAILABLE, "interrupted while waiting for a policy instance");
    }
    if (policy == null) {
      throw new PolicyException(PolicyException.Kind.TIMEOUT, "no policy instance came free within "
          + borrowTimeout.toMillis() + " ms (all " + l.pool().size() + " busy)");
    }
    String answer;
    try {
      // the slot comes back even on an Error; a failed instance is discarded, not reused
      answer = l.pool().apply(policy, p -> p.evaluate(json));
    } catch (RuntimeException e) {
      throw new PolicyException(PolicyException.Kind.UNAVAILABLE,
          "the Wasm policy failed: " + e.getClass().getSimpleName(), e);
    }
    long took = System.nanoTime() - start;
    return decisions.finish(null, doc, PolicyJson.wasmResult(answer), l.bundle().revision(), took);
  }

  /** The revision of the bundle in use, if its manifest has one. */
  public Optional<String> revision() {
    return Optional.ofNullable(current.get().bundle().revision());
  }

  /** Bundles swapped in since the engine was built. */
  public long reloads() {
    return reloads.get();
  }

  /** Reload attempts that failed (the last good bundle stayed in use). */
  public long reloadFailures() {
    return reloadFailures.get();
  }

  /**
   * Checks the source now and swaps in its bundle if it changed.
   *
   * @return whether a new bundle is now in use
   * @throws IOException if the source changed but its bundle could not be loaded (the last good
   *     bundle stays in use)
   */
  public synchronized boolean reload() throws IOException {
    Loaded old = current.get();
    Object stamp = source.stamp();
    if (stamp != null && stamp.equals(old.stamp())) {
      return false;
    }
    byte[] bytes = source.load();
    PolicyBundle probe = PolicyBundle.read(bytes, entrypoint);
    if (probe.sha256().equals(old.bundle().sha256())) {
      current.set(new Loaded(old.bundle(), old.pool(), stamp));
      return false;
    }
    InstancePool<OpaPolicy> pool = new InstancePool<>(() -> instance(probe), poolSize);
    pool.warm();
    current.set(new Loaded(probe, pool, stamp));
    reloads.incrementAndGet();
    log.info("policy bundle reloaded from {}: revision {} (was {})", source.describe(), probe.revision(),
        old.bundle().revision());
    return true;
  }

  private void reloadQuietly() {
    try {
      reload();
    } catch (IOException | RuntimeException e) {
      reloadFailures.incrementAndGet();
      log.error("policy bundle from {} could not be reloaded; keeping revision {}: {}", source.describe(),
          current.get().bundle().revision(), e.getMessage());
    }
  }

  @Override
  public String describe() {
    return "OPA Wasm in-process, " + entrypoint + " from " + source.describe() + ", revision "
        + revision().orElse("(none)") + ", " + poolSize + " instances";
  }

  /** Stops the background reload checks. */
  @Override
  public void close() {
    if (watcher != null) {
      watcher.shutdownNow();
    }
  }

  /** Builds a {@link WasmPolicyEngine}; exactly one bundle source is required. */
  public static final class Builder {
    private @Nullable Path file;
    private @Nullable String resource;
    private @Nullable String url;
    private @Nullable OkHttpClient http;
    private String entrypoint = DEFAULT_ENTRYPOINT;
    private int poolSize = Runtime.getRuntime().availableProcessors();
    private @Nullable Duration reloadInterval;
    private Duration borrowTimeout = DEFAULT_BORROW_TIMEOUT;
    private String bundleName = DEFAULT_BUNDLE_NAME;
    private DecisionLog decisionLog = DecisionLog.none();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Loads the bundle from a file and reloads it when it changes. At most {@value #MAX_BUNDLE_BYTES} bytes. */
    public Builder bundleFile(Path file) {
      this.file = Objects.requireNonNull(file, "bundleFile");
      return this;
    }

    /** Loads the bundle from a class-path resource (never reloaded). At most {@value #MAX_BUNDLE_BYTES} bytes. */
    public Builder bundleResource(String resource) {
      this.resource = Objects.requireNonNull(resource, "bundleResource");
      return this;
    }

    /**
     * Loads the bundle from an HTTP(S) URL, a bundle server, and polls it for changes. At most
     * {@value #MAX_BUNDLE_BYTES} bytes, whether or not the answer declares its length.
     */
    public Builder bundleUrl(String url) {
      Objects.requireNonNull(url, "bundleUrl");
      if (okhttp3.HttpUrl.parse(url) == null) {
        throw new IllegalArgumentException("bundleUrl is not an http(s) URL: " + url);
      }
      this.url = url;
      return this;
    }

    /** The HTTP client for {@link #bundleUrl}. Default: a client with 10 s timeouts. */
    public Builder httpClient(OkHttpClient http) {
      this.http = Objects.requireNonNull(http, "httpClient");
      return this;
    }

    /** The Wasm entrypoint evaluated. Default: {@value #DEFAULT_ENTRYPOINT}. */
    public Builder entrypoint(String entrypoint) {
      Objects.requireNonNull(entrypoint, "entrypoint");
      if (entrypoint.isBlank() || entrypoint.startsWith("/") || entrypoint.contains(".")) {
        throw new IllegalArgumentException("entrypoint must be a slash-separated path such as hai/authz/decision, was '"
            + entrypoint + "'");
      }
      this.entrypoint = entrypoint;
      return this;
    }

    /** How many Wasm instances evaluate at once. Default: the number of processors. */
    public Builder poolSize(int poolSize) {
      if (poolSize < 1) {
        throw new IllegalArgumentException("poolSize must be at least 1, was " + poolSize);
      }
      this.poolSize = poolSize;
      return this;
    }

    /**
     * How often a file or URL bundle is checked for changes; zero turns the checks off ({@link
     * #reload()} still works). Default: {@link #DEFAULT_FILE_RELOAD_INTERVAL} for a file, {@link
     * #DEFAULT_URL_RELOAD_INTERVAL} for a URL.
     */
    public Builder reloadInterval(Duration interval) {
      Objects.requireNonNull(interval, "reloadInterval");
      if (interval.isNegative()) {
        throw new IllegalArgumentException("reloadInterval must not be negative, was " + interval);
      }
      this.reloadInterval = interval;
      return this;
    }

    /** How long a call waits for a free instance before it is denied. Default: {@link #DEFAULT_BORROW_TIMEOUT}. */
    public Builder borrowTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "borrowTimeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("borrowTimeout must be positive, was " + timeout);
      }
      this.borrowTimeout = timeout;
      return this;
    }

    /** The bundle's name in decision-log entries. Default: {@value #DEFAULT_BUNDLE_NAME}. */
    public Builder bundleName(String bundleName) {
      this.bundleName = Objects.requireNonNull(bundleName, "bundleName");
      return this;
    }

    /** Where decisions are logged. Default: {@link DecisionLog#none()}. */
    public Builder decisionLog(DecisionLog decisionLog) {
      this.decisionLog = Objects.requireNonNull(decisionLog, "decisionLog");
      return this;
    }

    /** The clock of decision-log timestamps. Default: the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Loads the bundle and builds the engine.
     *
     * @throws IllegalStateException if not exactly one bundle source was given
     * @throws IllegalArgumentException if the bundle cannot be loaded or lacks the entrypoint
     */
    public WasmPolicyEngine build() {
      int sources = (file != null ? 1 : 0) + (resource != null ? 1 : 0) + (url != null ? 1 : 0);
      if (sources != 1) {
        throw new IllegalStateException("give exactly one bundle source (bundleFile, bundleResource or bundleUrl), got "
            + sources);
      }
      BundleSource source;
      if (file != null) {
        source = BundleSource.file(file);
      } else if (resource != null) {
        source = BundleSource.resource(resource, Thread.currentThread().getContextClassLoader() != null
            ? Thread.currentThread().getContextClassLoader() : WasmPolicyEngine.class.getClassLoader());
      } else {
        OkHttpClient client = http != null ? http : new OkHttpClient.Builder()
            .callTimeout(Duration.ofSeconds(10)).build();
        source = BundleSource.url(Objects.requireNonNull(url), client);
      }
      return new WasmPolicyEngine(this, source);
    }
  }
}
