package dev.hai.gpu.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hai.core.InvalidRequestException;
import dev.hai.core.backend.openai.OpenAiBackend;
import dev.hai.core.spi.BackendException;
import dev.hai.core.spi.BackendInfo;
import dev.hai.core.spi.FailureKind;
import dev.hai.core.spi.Hosting;
import dev.hai.core.spi.ModelBackend;
import dev.hai.core.spi.ModelCall;
import dev.hai.core.spi.ModelResponse;
import dev.hai.gpu.internal.Deadlines;
import dev.hai.gpu.internal.HttpProbe;
import dev.hai.gpu.internal.Settings;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * An OpenAI-compatible model server on the hospital's own machines (llama.cpp's server,
 * llama-cpp-python's server, vLLM, TGI, {@code transformers serve}, NIM), called through hai-core's
 * {@link OpenAiBackend#compatible} with what local serving needs in addition. {@link
 * BackendInfo#hosting()} is {@link Hosting#LOCAL}: policies see {@code hosting: local}.
 *
 * <pre>{@code
 * LocalServerBackend gpu = LocalServerBackend.builder("http://gpu-01:8000/v1")
 *     .name("gpu-01")
 *     .defaultModel("meta-llama/Llama-3.1-8B-Instruct")
 *     .maxConcurrency(16)                 // the server's batch size
 *     .healthProbe(HealthProbe.HEALTH)    // vLLM and llama.cpp's server have /health
 *     .build();
 * ClinicalModelClient client = ClinicalModelClient.builder()
 *     .backend(gpu)
 *     .backend(cloudFallback)             // used when the server is down, where policy allows
 *     .build();
 * }</pre>
 *
 * <p>In addition to the OpenAI-compatible call:
 *
 * <ul>
 *   <li><b>Served models</b>: {@link #servedModels()} reads {@code GET {baseUrl}/models} (kept for
 *       {@link Builder#servedModelsTtl}). A call naming a model the server does not serve fails
 *       with {@link FailureKind#INVALID_REQUEST} and the served list, before anything is sent.
 *       When the list does not come within the probe timeout (llama-cpp-python's server answers
 *       it only between generations), the last list read is used, or none.
 *   <li><b>Probes</b>: {@link #healthy()} asks the {@link HealthProbe} URL now.
 *   <li><b>Concurrency</b>: its own OkHttp client, with a connection pool and dispatcher sized to
 *       {@link Builder#maxConcurrency} (the server's concurrency), and at most that many calls in
 *       flight: further calls wait in arrival order, the wait counting against their timeout.
 *   <li><b>Supervision</b>: bound to a {@link ServerSupervisor} ({@link Builder#supervisor}), a
 *       call while the server is not {@link ServerState#READY} (checked again once a waiting call
 *       gets its slot) fails at once with {@link FailureKind#UNAVAILABLE}, so the client goes on to its fallback backend without waiting
 *       (where the policy's {@code allowed_models} permit one). The served-model list is read
 *       again after each restart.
 * </ul>
 *
 * <p>A call in flight when the server dies fails with {@link FailureKind#CONNECTION} (the
 * connection breaks before a response); one that gets no answer in time fails with {@link
 * FailureKind#TIMEOUT}. Neither hangs.
 *
 * <p>Thread-safe; share one instance. {@link #close()} releases its connections and closes the
 * supervisor bound to it, stopping the server.
 */
public final class LocalServerBackend implements ModelBackend {
  /** How long an idle pooled connection to the server is kept; below the servers' usual 5 s keep-alive. */
  static final java.time.Duration IDLE_KEEP_ALIVE = java.time.Duration.ofSeconds(4);

  /** The provider name in {@link BackendInfo#provider()}. */
  public static final String PROVIDER = OpenAiBackend.COMPATIBLE_NAME;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final BackendInfo info;
  private final String baseUrl;
  private final String modelsUrl;
  private final String healthUrl;
  private final @Nullable String apiKey;
  private final int maxConcurrency;
  private final boolean checkServedModels;
  private final Duration servedModelsTtl;
  private final @Nullable ServerSupervisor supervisor;
  private final OkHttpClient httpClient;
  private final OpenAiBackend delegate;
  private final HttpProbe probe;
  private final Semaphore slots;
  private final AtomicBoolean closed = new AtomicBoolean();

  private final Object modelsLock = new Object();
  // Guarded by modelsLock.
  private @Nullable List<String> models;
  private long modelsReadAt;

  private LocalServerBackend(Builder b, String defaultModel) {
    this.baseUrl = b.baseUrl;
    this.modelsUrl = b.baseUrl + "/models";
    this.healthUrl = b.healthUrl != null ? b.healthUrl
        : b.healthProbe == HealthProbe.HEALTH ? rootUrl(b.baseUrl) + "health" : modelsUrl;
    this.apiKey = b.apiKey;
    this.maxConcurrency = b.maxConcurrency;
    this.checkServedModels = b.checkServedModels;
    this.servedModelsTtl = b.servedModelsTtl;
    this.supervisor = b.supervisor;
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(b.maxConcurrency);
    dispatcher.setMaxRequestsPerHost(b.maxConcurrency);
    this.httpClient = new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        // Idle connections are dropped after 4 s, before the 5 s keep-alive of the uvicorn-based
        // servers (llama-cpp-python, vLLM): reusing one the server is closing would fail the attempt
        // (OkHttp's retry of a stale connection is off, as for every HAI backend). A new loopback or
        // LAN connection costs far less than that failed attempt and its retry.
        .connectionPool(new ConnectionPool(b.maxConcurrency, IDLE_KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS))
        .connectTimeout(b.connectTimeout)
        .readTimeout(b.timeout)
        .writeTimeout(b.timeout)
        .retryOnConnectionFailure(false)
        .build();
    OpenAiBackend.Builder openAi = OpenAiBackend.compatible(b.baseUrl)
        .name(b.name)
        .defaultModel(defaultModel)
        .hosting(Hosting.LOCAL)
        .timeout(b.timeout)
        .okHttpClient(httpClient);
    if (b.apiKey != null) {
      openAi.apiKey(b.apiKey);
    }
    this.delegate = openAi.build();
    this.info = delegate.info();
    this.probe = new HttpProbe(b.probeTimeout);
    this.slots = new Semaphore(b.maxConcurrency, true);
    if (supervisor != null) {
      supervisor.addListener(e -> {
        if (e.type() != SupervisorEvent.Type.STARTED && e.type() != SupervisorEvent.Type.RESTART_SCHEDULED) {
          // Kept connections are to a dead process; a restarted server may serve other models.
          httpClient.connectionPool().evictAll();
          forgetServedModels();
        }
      });
    }
  }

  /**
   * A builder for the server at {@code baseUrl}, including its version path, for example {@code
   * http://127.0.0.1:8080/v1}: calls go to {@code {baseUrl}/chat/completions}.
   *
   * @throws InvalidRequestException if it is not an http(s) URL
   */
  public static Builder builder(String baseUrl) {
    return new Builder(baseUrl);
  }

  @Override
  public BackendInfo info() {
    return info;
  }

  /** The base URL calls go to. */
  public String baseUrl() {
    return baseUrl;
  }

  /** The URL {@link #healthy()} probes. */
  public String healthUrl() {
    return healthUrl;
  }

  /** How many calls may be in flight at once. */
  public int maxConcurrency() {
    return maxConcurrency;
  }

  /** Slots free now (tests). */
  int freeSlots() {
    return slots.availablePermits();
  }

  /** The supervisor bound to this backend, if any. */
  public Optional<ServerSupervisor> supervisor() {
    return Optional.ofNullable(supervisor);
  }

  /** Whether the health probe URL answers 200 now (one request, at most the probe timeout). */
  public boolean healthy() {
    return !closed.get() && probe.ok(healthUrl);
  }

  /**
   * The model ids the server serves ({@code data[].id} of {@code GET {baseUrl}/models}), read at
   * most once per {@link Builder#servedModelsTtl} and again after a supervised restart.
   *
   * @throws BackendException {@link FailureKind#CONNECTION} when the server cannot be reached,
   *     {@link FailureKind#TIMEOUT} when it does not answer within the probe timeout,
   *     {@link FailureKind#MALFORMED_RESPONSE} when the list cannot be read, the kind of the HTTP
   *     status otherwise
   */
  public List<String> servedModels() {
    ensureOpen();
    synchronized (modelsLock) {
      if (models != null && System.nanoTime() - modelsReadAt < servedModelsTtl.toNanos()) {
        return models;
      }
    }
    List<String> read = readServedModels();
    synchronized (modelsLock) {
      models = read;
      modelsReadAt = System.nanoTime();
    }
    return read;
  }

  /**
   * The served models to check a call against, or {@code null} when they cannot be known now
   * because the server is busy: some servers answer {@code /models} only between generations.
   * The last list read is used when a fresh one does not come in time; the call then goes on
   * unchecked only if no list was ever read, and the server itself refuses an unknown model.
   */
  private @Nullable List<String> modelsForCheck() {
    try {
      return servedModels();
    } catch (BackendException e) {
      if (e.kind() != FailureKind.TIMEOUT) {
        throw e;
      }
      synchronized (modelsLock) {
        return models;
      }
    }
  }

  /**
   * Sends the call to the server, after checking that it is up (when supervised), that it serves
   * the call's model, and waiting for one of the {@link Builder#maxConcurrency} slots.
   */
  @Override
  public ModelResponse generate(ModelCall call) {
    Objects.requireNonNull(call, "call");
    long deadline = Deadlines.after(System.nanoTime(), call.timeout());
    ensureServing();
    if (checkServedModels) {
      List<String> served = modelsForCheck();
      if (served != null && !served.contains(call.model())) {
        throw BackendException.of(
            FailureKind.INVALID_REQUEST,
            "server of backend '" + info.name() + "' does not serve model '" + call.model() + "'; it serves "
                + served);
      }
    }
    acquireSlot(call, deadline);
    try {
      ensureServing(); // the backend may have been closed, or its server lost, while the call waited
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw timedOutWaiting(call);
      }
      ModelCall remaining = left >= Deadlines.nanos(call.timeout()) ? call : new ModelCall(
          call.callId(), call.attempt(), call.model(), call.messages(), call.parameters(),
          Duration.ofNanos(left), call.idempotencyKey(), call.priority(), call.tenant());
      return delegate.generate(remaining);
    } finally {
      slots.release();
    }
  }

  /**
   * Releases the connections and, when a supervisor is bound, closes it (stopping the server and
   * its process tree). Later calls fail with {@link FailureKind#UNAVAILABLE}. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      if (supervisor != null) {
        supervisor.close();
      }
    } finally {
      probe.close();
      httpClient.dispatcher().executorService().shutdown();
      httpClient.connectionPool().evictAll();
    }
  }

  @Override
  public String toString() {
    return "LocalServerBackend{" + info.name() + ", " + baseUrl + ", defaultModel=" + info.defaultModel()
        + ", maxConcurrency=" + maxConcurrency + (supervisor == null ? "" : ", " + supervisor) + "}";
  }

  private void forgetServedModels() {
    synchronized (modelsLock) {
      models = null;
    }
  }

  private List<String> readServedModels() {
    HttpProbe.Reply reply = probe.get(modelsUrl, apiKey);
    if (reply.timedOut()) {
      throw BackendException.of(
          FailureKind.TIMEOUT, "GET " + modelsUrl + " of backend '" + info.name() + "' was not answered in time: " + reply.failure());
    }
    if (reply.code() < 0) {
      throw BackendException.of(
          FailureKind.CONNECTION,
          "could not read the served models of backend '" + info.name() + "' from " + modelsUrl + ": "
              + reply.failure());
    }
    if (reply.code() != 200) {
      FailureKind kind = reply.code() == 503 ? FailureKind.OVERLOADED
          : reply.code() >= 500 ? FailureKind.SERVER_ERROR
          : reply.code() == 401 || reply.code() == 403 ? FailureKind.AUTHENTICATION
          : FailureKind.UNAVAILABLE;
      throw BackendException.builder(
              kind, "GET " + modelsUrl + " of backend '" + info.name() + "' answered HTTP " + reply.code())
          .statusCode(reply.code())
          .build();
    }
    return parseModels(reply.body(), modelsUrl);
  }

  /** {@code data[].id} of an OpenAI model list. */
  static List<String> parseModels(byte[] body, String url) {
    JsonNode data;
    try {
      JsonNode root = JSON.readTree(body);
      data = root == null ? null : root.get("data");
    } catch (IOException e) {
      data = null;
    }
    if (data == null || !data.isArray()) {
      throw BackendException.of(
          FailureKind.MALFORMED_RESPONSE, "GET " + url + " did not answer an OpenAI model list (no 'data' array)");
    }
    List<String> ids = new ArrayList<>();
    for (JsonNode m : data) {
      JsonNode id = m.get("id");
      if (id != null && id.isTextual() && !id.asText().isBlank()) {
        ids.add(id.asText());
      }
    }
    return List.copyOf(ids);
  }

  private void acquireSlot(ModelCall call, long deadline) {
    try {
      if (!slots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        throw timedOutWaiting(call);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BackendException.of(
          FailureKind.DEADLINE_EXCEEDED, "interrupted while waiting for a slot on backend '" + info.name() + "'");
    }
  }

  private BackendException timedOutWaiting(ModelCall call) {
    return BackendException.of(
        FailureKind.TIMEOUT,
        "no free slot on backend '" + info.name() + "' within the call's timeout of " + call.timeout().toMillis()
            + " ms (" + maxConcurrency + " in flight)");
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw BackendException.of(FailureKind.UNAVAILABLE, "backend '" + info.name() + "' is closed");
    }
  }

  /** Fails {@link FailureKind#UNAVAILABLE} when the backend is closed or its supervised server is not ready. */
  private void ensureServing() {
    ensureOpen();
    if (supervisor != null && supervisor.state() != ServerState.READY) {
      throw BackendException.of(
          FailureKind.UNAVAILABLE,
          "server of backend '" + info.name() + "' is " + supervisor.state() + " (" + supervisor.stateReason()
              + "); not trying it");
    }
  }

  private static String rootUrl(String baseUrl) {
    return HttpUrl.get(baseUrl).newBuilder().encodedPath("/").build().toString();
  }

  /**
   * Configures a {@link LocalServerBackend}. {@link #defaultModel} is required; each setter checks
   * its value at once. Building sends nothing to the server.
   */
  public static final class Builder {
    /** Default backend name. */
    public static final String DEFAULT_NAME = "local-server";
    /** Default number of calls in flight: the server's concurrency. */
    public static final int DEFAULT_MAX_CONCURRENCY = 4;
    /** Default longest attempt; a call's shorter remaining time wins. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);
    /** Default connect timeout: a server on the local network answers at once or not at all. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Default timeout of a probe and of reading the served-model list. */
    public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(2);
    /** Default time the served-model list is kept. */
    public static final Duration DEFAULT_SERVED_MODELS_TTL = Duration.ofSeconds(30);

    private final String baseUrl;
    private String name = DEFAULT_NAME;
    private @Nullable String defaultModel;
    private @Nullable String apiKey;
    private int maxConcurrency = DEFAULT_MAX_CONCURRENCY;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration probeTimeout = DEFAULT_PROBE_TIMEOUT;
    private HealthProbe healthProbe = HealthProbe.MODELS;
    private @Nullable String healthUrl;
    private boolean checkServedModels = true;
    private Duration servedModelsTtl = DEFAULT_SERVED_MODELS_TTL;
    private @Nullable ServerSupervisor supervisor;

    private Builder(String baseUrl) {
      this.baseUrl = Settings.url(baseUrl, "server.baseUrl");
    }

    /** This backend's name in the client, unique among its backends. Default: {@value #DEFAULT_NAME}. */
    public Builder name(String name) {
      this.name = Settings.notBlank(name, "server.name");
      return this;
    }

    /**
     * The model used when neither request nor prompt names one: the id the server serves it under
     * (as {@code GET /v1/models} lists it, for example llama-cpp-python's {@code --model_alias}).
     * Required.
     */
    public Builder defaultModel(String defaultModel) {
      this.defaultModel = Settings.notBlank(defaultModel, "server.defaultModel");
      return this;
    }

    /** A key sent as {@code Authorization: Bearer}, for servers started with one. Default: none. */
    public Builder apiKey(String apiKey) {
      this.apiKey = Settings.notBlank(apiKey, "server.apiKey");
      return this;
    }

    /**
     * The server's concurrency (its batch size or parallel slots): the connection pool keeps this
     * many connections, the OkHttp dispatcher's {@code maxRequestsPerHost} is set to it, and at
     * most this many calls are in flight. Default: {@value #DEFAULT_MAX_CONCURRENCY}.
     */
    public Builder maxConcurrency(int maxConcurrency) {
      this.maxConcurrency = Settings.atLeast(maxConcurrency, 1, "server.maxConcurrency");
      return this;
    }

    /** The longest one attempt may take; a call's shorter remaining time wins. Default: {@link #DEFAULT_TIMEOUT}. */
    public Builder timeout(Duration timeout) {
      this.timeout = Settings.positive(timeout, "server.timeout");
      return this;
    }

    /** How long a connect may take. Default: {@link #DEFAULT_CONNECT_TIMEOUT}. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = Settings.positive(connectTimeout, "server.connectTimeout");
      return this;
    }

    /** The timeout of a health probe and of reading the served models. Default: {@link #DEFAULT_PROBE_TIMEOUT}. */
    public Builder probeTimeout(Duration probeTimeout) {
      this.probeTimeout = Settings.positive(probeTimeout, "server.probeTimeout");
      return this;
    }

    /** Which URL {@link LocalServerBackend#healthy()} probes. Default: {@link HealthProbe#MODELS}. */
    public Builder healthProbe(HealthProbe healthProbe) {
      this.healthProbe = Objects.requireNonNull(healthProbe, "healthProbe");
      this.healthUrl = null;
      return this;
    }

    /** A health URL of the server's own, instead of a {@link HealthProbe}; 200 means healthy. */
    public Builder healthUrl(String healthUrl) {
      this.healthUrl = Settings.url(healthUrl, "server.healthUrl");
      return this;
    }

    /**
     * Whether each call's model is checked against {@link LocalServerBackend#servedModels()}
     * before it is sent. Default: true. Turn it off for a server whose model list does not name
     * what it accepts.
     */
    public Builder checkServedModels(boolean checkServedModels) {
      this.checkServedModels = checkServedModels;
      return this;
    }

    /** How long the served-model list is kept before it is read again. Default: {@link #DEFAULT_SERVED_MODELS_TTL}. */
    public Builder servedModelsTtl(Duration servedModelsTtl) {
      this.servedModelsTtl = Settings.positive(servedModelsTtl, "server.servedModelsTtl");
      return this;
    }

    /**
     * The supervisor running this server. While it is not {@link ServerState#READY} calls fail at
     * once with {@link FailureKind#UNAVAILABLE}; the backend owns it from now on and closes it in
     * {@link LocalServerBackend#close()}. Start it yourself ({@link ServerSupervisor#start()}).
     */
    public Builder supervisor(ServerSupervisor supervisor) {
      this.supervisor = Objects.requireNonNull(supervisor, "supervisor");
      return this;
    }

    /**
     * Builds the backend; sends nothing.
     *
     * @throws InvalidRequestException if no default model was set
     */
    public LocalServerBackend build() {
      if (defaultModel == null) {
        throw new InvalidRequestException(
            "server.defaultModel", "is required: the id the server serves the model under (see GET /v1/models)");
      }
      return new LocalServerBackend(this, defaultModel);
    }
  }
}
