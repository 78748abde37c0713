package dev.hai.core;

import dev.hai.core.internal.Checks;
import dev.hai.core.internal.ClientConfig;
import dev.hai.core.internal.DefaultClinicalModelClient;
import dev.hai.core.spi.ModelBackend;
import dev.hai.core.spi.PromptResolver;
import dev.hai.core.spi.Sleeper;
import dev.hai.core.spi.Stage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * The one object an application talks to. Every call passes the same fixed pipeline of stages
 * (print it with {@link #describe()}) and ends in a {@link ClinicalResult} value.
 *
 * <pre>{@code
 * try (ClinicalModelClient client = ClinicalModelClient.builder()
 *     .backend(AnthropicBackend.builder().apiKey(System.getenv("ANTHROPIC_API_KEY")).build())
 *     .backend(OpenAiBackend.builder().apiKey(System.getenv("OPENAI_API_KEY")).build()) // fallback
 *     .build()) {
 *   ClinicalResult result = client.call(request);
 * }
 * }</pre>
 *
 * <p>A client is thread-safe and meant to be shared: build one per configuration and reuse it.
 * Closing it closes its backends and, if the client created it, its async executor.
 */
public interface ClinicalModelClient extends AutoCloseable {

  /**
   * Runs one call through the pipeline and returns its outcome. Never throws for an expected
   * failure (a backend down, a bad prompt variable, a deadline passed): those are results.
   *
   * @throws NullPointerException if {@code request} is null
   */
  ClinicalResult call(ClinicalRequest request);

  /**
   * Runs {@link #call} on the client's bounded async executor. When the executor's queue is full
   * the future completes exceptionally with {@link java.util.concurrent.RejectedExecutionException}
   * at once: back-pressure, not an unbounded queue.
   */
  CompletableFuture<ClinicalResult> callAsync(ClinicalRequest request);

  /** A human-readable description of the pipeline: each stage in order, the backends and retries. */
  String describe();

  /** Closes the backends and the executor the client owns. Calls in flight may fail. */
  @Override
  void close();

  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ClinicalModelClient}. Only {@link #backend(ModelBackend)} is required. */
  final class Builder {
    /** Default time budget of a call whose request names no deadline or timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** Default number of threads of the async executor the client creates. */
    public static final int DEFAULT_ASYNC_THREADS = 8;
    /** Default number of async calls that may wait for a thread before new ones are refused. */
    public static final int DEFAULT_ASYNC_QUEUE = 1024;

    private final List<ClientConfig.BackendRoute> backends = new ArrayList<>();
    private final List<ClientConfig.UserStage> stages = new ArrayList<>();
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Duration defaultTimeout = DEFAULT_TIMEOUT;
    private @Nullable PromptResolver promptResolver;
    private @Nullable ExecutorService asyncExecutor;
    private int asyncThreads = DEFAULT_ASYNC_THREADS;
    private int asyncQueue = DEFAULT_ASYNC_QUEUE;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.system();

    private Builder() {}

    /**
     * Adds a backend. Backends are tried in the order added: the first is the primary, each next
     * one the fallback of the one before. Each is retried by the client's {@link #retryPolicy}.
     */
    public Builder backend(ModelBackend backend) {
      return backend(backend, null);
    }

    /** Adds a backend with its own retry policy. */
    public Builder backend(ModelBackend backend, @Nullable RetryPolicy retryPolicy) {
      Checks.required(backend, "backend");
      String name = backend.info().name();
      for (ClientConfig.BackendRoute existing : backends) {
        if (existing.backend().info().name().equals(name)) {
          throw new InvalidRequestException("backend", "a backend named '" + name + "' was already added");
        }
      }
      backends.add(new ClientConfig.BackendRoute(backend, retryPolicy));
      return this;
    }

    /**
     * The retry policy of backends added without their own. Default: {@link RetryPolicy#defaults()}.
     */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Checks.required(retryPolicy, "retryPolicy");
      return this;
    }

    /**
     * The time budget of a call whose request sets neither a deadline nor a timeout. Default:
     * {@link #DEFAULT_TIMEOUT} (60 s).
     */
    public Builder defaultTimeout(Duration defaultTimeout) {
      this.defaultTimeout = Checks.positive(defaultTimeout, "defaultTimeout");
      return this;
    }

    /**
     * Resolves versioned prompt references (hai-prompts' registry). Default: none, and requests
     * that reference a prompt are {@link ClinicalResult.Rejected}.
     */
    public Builder promptResolver(PromptResolver promptResolver) {
      this.promptResolver = Checks.required(promptResolver, "promptResolver");
      return this;
    }

    /** Adds a user stage at a position; stages at the same position run in the order added. */
    public Builder addStage(StagePosition position, Stage stage) {
      stages.add(
          new ClientConfig.UserStage(Checks.required(position, "position"), Checks.required(stage, "stage")));
      return this;
    }

    /**
     * The executor of {@link ClinicalModelClient#callAsync}. The client does not shut down an
     * executor it was given. Default: a client-owned pool of {@link #DEFAULT_ASYNC_THREADS} threads
     * with a queue of {@link #DEFAULT_ASYNC_QUEUE}.
     */
    public Builder asyncExecutor(ExecutorService executor) {
      this.asyncExecutor = Checks.required(executor, "asyncExecutor");
      return this;
    }

    /** Sizes the client-owned async pool (ignored when an executor is given). */
    public Builder asyncPool(int threads, int queueCapacity) {
      this.asyncThreads = Checks.atLeast(threads, 1, "asyncThreads");
      this.asyncQueue = Checks.atLeast(queueCapacity, 0, "asyncQueue");
      return this;
    }

    /** The clock for deadlines and call ids. Default: the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Checks.required(clock, "clock");
      return this;
    }

    /** How retries wait. Default: {@link Sleeper#system()}. Tests pass a recording fake. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Checks.required(sleeper, "sleeper");
      return this;
    }

    /**
     * Builds the client.
     *
     * @throws InvalidRequestException if no backend was added
     */
    public ClinicalModelClient build() {
      if (backends.isEmpty()) {
        throw new InvalidRequestException("backend", "add at least one backend");
      }
      List<ClientConfig.BackendRoute> routes = new ArrayList<>();
      for (ClientConfig.BackendRoute r : backends) {
        routes.add(new ClientConfig.BackendRoute(r.backend(), r.retryPolicy() == null ? retryPolicy : r.retryPolicy()));
      }
      return DefaultClinicalModelClient.create(
          new ClientConfig(
              routes, stages, defaultTimeout, promptResolver, asyncExecutor, asyncThreads, asyncQueue, clock, sleeper));
    }
  }
}
