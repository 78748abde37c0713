package dev.hai.governance;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.hai.core.policy.PolicyDecision;
import dev.hai.core.policy.PolicyInput;
import dev.hai.core.spi.PolicyEngine;
import dev.hai.core.spi.PolicyException;
import dev.hai.governance.internal.Decisions;
import dev.hai.governance.internal.PolicyJson;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * A central OPA server, asked over OPA's REST Data API: {@code POST /v1/data/<path>?provenance=true}
 * with {@code {"input": ...}}; the answer's {@code result} is the decision document and its {@code
 * provenance} names the bundle revision.
 *
 * <pre>{@code
 * RemoteOpaPolicyEngine policy = RemoteOpaPolicyEngine.builder()
 *     .url("http://opa.internal:8181")
 *     .timeout(Duration.ofMillis(200))
 *     .cache(Duration.ofSeconds(5), 10_000)      // optional
 *     .build();
 * }</pre>
 *
 * <p>Transport errors (connection refused or reset, a timeout) are retried up to {@link
 * Builder#maxRetries} times within the timeout; an HTTP error status or an answer that is not a
 * decision is not retried. Any of these throws {@link PolicyException}, and the call is denied.
 *
 * <p>The optional cache keeps decisions for a short time, keyed by the SHA-256 of the input
 * without its {@code time} field: only for policies that do not read {@code input.time}. A cached
 * decision gets a new decision id and its own decision-log entry.
 *
 * <p>Thread-safe; share one engine.
 */
public final class RemoteOpaPolicyEngine implements PolicyEngine {
  /** Default policy path: the starter policy's decision rule. */
  public static final String DEFAULT_PATH = "hai/authz/decision";
  /** Default of {@link Builder#timeout}: the whole decision, retries included. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);
  /** Default of {@link Builder#maxRetries}. */
  public static final int DEFAULT_MAX_RETRIES = 2;

  private static final MediaType JSON = MediaType.get("application/json");

  /** What the server said, before it is read as a decision. */
  private record Answer(@Nullable Object result, @Nullable String revision, @Nullable String decisionId) {}

  private final HttpUrl endpoint;
  private final String path;
  private final OkHttpClient http;
  private final int maxRetries;
  private final Duration timeout;
  private final @Nullable Cache<String, Answer> cache;
  private final Decisions decisions;

  private RemoteOpaPolicyEngine(Builder b, HttpUrl base) {
    this.path = b.path;
    HttpUrl.Builder url = base.newBuilder().addPathSegment("v1").addPathSegment("data");
    for (String segment : b.path.split("/")) {
      url.addPathSegment(segment);
    }
    this.endpoint = url.addQueryParameter("provenance", "true").build();
    this.timeout = b.timeout;
    OkHttpClient base0 = b.http != null ? b.http : new OkHttpClient();
    this.http = base0.newBuilder()
        .callTimeout(b.timeout)
        .connectTimeout(b.timeout)
        .readTimeout(b.timeout)
        .writeTimeout(b.timeout)
        .retryOnConnectionFailure(false) // retries are counted here
        .build();
    this.maxRetries = b.maxRetries;
    this.cache = b.cacheTtl == null ? null
        : Caffeine.newBuilder().expireAfterWrite(b.cacheTtl).maximumSize(b.cacheSize).<String, Answer>build();
    this.decisions = new Decisions("remote", b.path, b.bundleName, b.decisionLog, b.clock);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public PolicyDecision evaluate(PolicyInput input) {
    Map<String, Object> doc = input.toDocument();
    long start = System.nanoTime();
    Answer answer;
    if (cache != null) {
      Map<String, Object> timeless = new LinkedHashMap<>(doc);
      timeless.remove("time");
      String key = PolicyJson.sha256Hex(PolicyJson.write(timeless).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      answer = cache.getIfPresent(key);
      if (answer == null) {
        answer = ask(doc, start);
        if (answer.result() != null) {
          cache.put(key, answer);
        }
      } else {
        answer = new Answer(answer.result(), answer.revision(), null); // a new decision, a new id
      }
    } else {
      answer = ask(doc, start);
    }
    return decisions.finish(answer.decisionId(), doc, answer.result(), answer.revision(), System.nanoTime() - start);
  }

  private Answer ask(Map<String, Object> doc, long start) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("input", doc);
    Request request = new Request.Builder().url(endpoint).post(RequestBody.create(PolicyJson.write(body), JSON)).build();
    IOException last = null;
    for (int attempt = 0; attempt <= maxRetries; attempt++) {
      long left = timeout.toNanos() - (System.nanoTime() - start);
      if (attempt > 0 && left <= 0) {
        break;
      }
      okhttp3.Call call = http.newCall(request);
      // The timeout bounds the whole decision: a retry gets only the time left, not a fresh timeout.
      call.timeout().timeout(Math.max(left, 1_000_000L), java.util.concurrent.TimeUnit.NANOSECONDS);
      try (Response response = call.execute()) {
        String text = response.body().string();
        if (!response.isSuccessful()) {
          throw new PolicyException(PolicyException.Kind.UNAVAILABLE,
              "the OPA server answered HTTP " + response.code() + " for " + path);
        }
        return read(text);
      } catch (IOException e) {
        last = e; // a transport error or a timeout: retried while time is left
      }
    }
    boolean timedOut = last instanceof InterruptedIOException || System.nanoTime() - start >= timeout.toNanos();
    throw new PolicyException(timedOut ? PolicyException.Kind.TIMEOUT : PolicyException.Kind.UNAVAILABLE,
        "the OPA server at " + endpoint.host() + ":" + endpoint.port() + " could not be asked ("
            + (last == null ? "timeout" : last.getClass().getSimpleName()) + ")", last == null ? new IOException("timeout") : last);
  }

  private static Answer read(String text) {
    if (!(PolicyJson.parse(text, "the OPA server's answer") instanceof Map<?, ?> answer)) {
      throw new PolicyException(PolicyException.Kind.MALFORMED_DECISION, "the OPA server's answer is not an object");
    }
    String revision = null;
    if (answer.get("provenance") instanceof Map<?, ?> p && p.get("bundles") instanceof Map<?, ?> bundles) {
      StringBuilder sb = new StringBuilder();
      for (Map.Entry<?, ?> e : new java.util.TreeMap<>(bundles).entrySet()) {
        if (e.getValue() instanceof Map<?, ?> b && b.get("revision") instanceof String r && !r.isEmpty()) {
          sb.append(sb.length() == 0 ? "" : ",").append(bundles.size() == 1 ? "" : e.getKey() + "=").append(r);
        }
      }
      revision = sb.length() == 0 ? null : sb.toString();
    }
    String id = answer.get("decision_id") instanceof String s && !s.isBlank() ? s : null;
    return new Answer(answer.get("result"), revision, id);
  }

  @Override
  public String describe() {
    return "OPA server " + endpoint.scheme() + "://" + endpoint.host() + ":" + endpoint.port() + ", " + path
        + ", timeout " + timeout.toMillis() + " ms, " + maxRetries + " retries"
        + (cache == null ? "" : ", decision cache");
  }

  /** Builds a {@link RemoteOpaPolicyEngine}; {@link #url} is required. */
  public static final class Builder {
    private @Nullable String url;
    private String path = DEFAULT_PATH;
    private @Nullable OkHttpClient http;
    private Duration timeout = DEFAULT_TIMEOUT;
    private int maxRetries = DEFAULT_MAX_RETRIES;
    private @Nullable Duration cacheTtl;
    private long cacheSize;
    private String bundleName = WasmPolicyEngine.DEFAULT_BUNDLE_NAME;
    private DecisionLog decisionLog = DecisionLog.none();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The OPA server's base URL, for example {@code http://127.0.0.1:8181}. */
    public Builder url(String url) {
      Objects.requireNonNull(url, "url");
      if (HttpUrl.parse(url) == null) {
        throw new IllegalArgumentException("url is not an http(s) URL: " + url);
      }
      this.url = url;
      return this;
    }

    /** The policy path under {@code /v1/data}. Default: {@value #DEFAULT_PATH}. */
    public Builder path(String path) {
      Objects.requireNonNull(path, "path");
      if (!path.matches("[A-Za-z0-9_\\-]+(/[A-Za-z0-9_\\-]+)*")) {
        throw new IllegalArgumentException("path must be slash-separated names such as hai/authz/decision, was '"
            + path + "'");
      }
      this.path = path;
      return this;
    }

    /** The HTTP client to derive from (its pool and dispatcher are shared). Default: a new one. */
    public Builder httpClient(OkHttpClient http) {
      this.http = Objects.requireNonNull(http, "httpClient");
      return this;
    }

    /**
     * The most one decision may take, retries included; also each connect, read and write. Keep it
     * below the client's policy timeout. Default: {@link #DEFAULT_TIMEOUT}.
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.toMillis() < 1) {
        // OkHttp counts in milliseconds, and reads 0 as "no timeout"
        throw new IllegalArgumentException("timeout must be at least 1 ms, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** Retries after a transport error (never after an HTTP status). Default: {@value #DEFAULT_MAX_RETRIES}. */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0) {
        throw new IllegalArgumentException("maxRetries must not be negative, was " + maxRetries);
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * Caches decisions for {@code ttl}, at most {@code maximumSize} of them, keyed by the input
     * without its {@code time}. Only for policies that do not read {@code input.time}. Default: no
     * cache.
     */
    public Builder cache(Duration ttl, long maximumSize) {
      Objects.requireNonNull(ttl, "cache ttl");
      if (ttl.isNegative() || ttl.isZero() || maximumSize < 1) {
        throw new IllegalArgumentException("cache needs a positive ttl and size, was " + ttl + ", " + maximumSize);
      }
      this.cacheTtl = ttl;
      this.cacheSize = maximumSize;
      return this;
    }

    /** The bundle's name in decision-log entries. Default: {@value WasmPolicyEngine#DEFAULT_BUNDLE_NAME}. */
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

    public RemoteOpaPolicyEngine build() {
      if (url == null) {
        throw new IllegalStateException("url is required: the OPA server's base URL, e.g. http://127.0.0.1:8181");
      }
      return new RemoteOpaPolicyEngine(this, Objects.requireNonNull(HttpUrl.parse(url)));
    }
  }
}
