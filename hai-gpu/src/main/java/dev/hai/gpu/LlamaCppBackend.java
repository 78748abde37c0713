package dev.hai.gpu;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.Pair;
import dev.hai.core.ChatMessage;
import dev.hai.core.FinishReason;
import dev.hai.core.GenerationParameters;
import dev.hai.core.InvalidRequestException;
import dev.hai.core.Usage;
import dev.hai.core.spi.BackendException;
import dev.hai.core.spi.BackendInfo;
import dev.hai.core.spi.FailureKind;
import dev.hai.core.spi.Hosting;
import dev.hai.core.spi.ModelBackend;
import dev.hai.core.spi.ModelCall;
import dev.hai.core.spi.ModelResponse;
import dev.hai.gpu.internal.CudaSupport;
import dev.hai.gpu.internal.Deadlines;
import dev.hai.gpu.internal.NativeLog;
import dev.hai.gpu.internal.StopMatcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A GGUF model run in this process by llama.cpp (through java-llama.cpp). Nothing leaves the
 * machine: {@link BackendInfo#hosting()} is {@link Hosting#LOCAL}.
 *
 * <pre>{@code
 * LlamaCppBackend local = LlamaCppBackend.builder()
 *     .modelPath(LocalModels.defaultModelPath())   // fetch it first: scripts/fetch-model.sh
 *     .build();                                      // loads the model now
 * ClinicalModelClient client = ClinicalModelClient.builder().backend(local).build();
 * }</pre>
 *
 * <p>The model is loaded by {@link Builder#build()}, so a bad file fails at start-up, not at the
 * first call. Each call renders its messages with the model's own chat template, checks that the
 * prompt and the requested output fit the context, and streams tokens until the model ends its
 * turn, a stop sequence appears, the token limit is reached ({@link FinishReason#LENGTH}) or the
 * call's timeout passes ({@link FailureKind#TIMEOUT}). Token counts are the model's own.
 *
 * <p>Thread-safe; share one instance. At most {@link Builder#maxConcurrency(int)} calls generate at
 * once (default 1); the others wait in arrival order, and that wait counts against their timeout.
 * {@link #close()} waits for running calls, then frees the model's native memory.
 *
 * <p>The timeout is checked between tokens: the first token of a long prompt comes only after the
 * whole prompt is processed, so a call can overrun its timeout by that much.
 */
public final class LlamaCppBackend implements ModelBackend {
  private static final Logger log = LoggerFactory.getLogger(LlamaCppBackend.class);

  /** The provider name in {@link BackendInfo#provider()}. */
  public static final String PROVIDER = "llama.cpp";

  private final BackendInfo info;
  private final Path modelPath;
  private final int contextSize;
  private final int defaultMaxTokens;
  private final @Nullable Long defaultSeed;
  private final int maxConcurrency;
  private final Semaphore slots;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final LlamaModel model;

  private LlamaCppBackend(Builder b, Path modelPath, String modelName, LlamaModel model) {
    this.info = new BackendInfo(b.name, PROVIDER, Hosting.LOCAL, modelName);
    this.modelPath = modelPath;
    this.contextSize = b.contextSize;
    this.defaultMaxTokens = b.defaultMaxTokens;
    this.defaultSeed = b.defaultSeed;
    this.maxConcurrency = b.maxConcurrency;
    this.slots = new Semaphore(b.maxConcurrency, true);
    this.model = model;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public BackendInfo info() {
    return info;
  }

  /** The model file this backend loaded. */
  public Path modelPath() {
    return modelPath;
  }

  /** The context window of one call, in tokens: prompt plus output must fit in it. */
  public int contextSize() {
    return contextSize;
  }

  @Override
  public ModelResponse generate(ModelCall call) {
    Objects.requireNonNull(call, "call");
    long deadline = Deadlines.after(System.nanoTime(), call.timeout());
    if (!call.model().equals(info.defaultModel())) {
      throw BackendException.of(
          FailureKind.INVALID_REQUEST,
          "backend '" + info.name() + "' serves only model '" + info.defaultModel() + "', not '" + call.model() + "'");
    }
    ensureOpen();
    acquireSlot(call, deadline);
    try {
      ensureOpen(); // close() may have run while this call waited
      return generateInSlot(call, deadline);
    } finally {
      slots.release();
    }
  }

  private void acquireSlot(ModelCall call, long deadline) {
    try {
      if (!slots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        throw BackendException.of(
            FailureKind.TIMEOUT,
            "no free slot on backend '" + info.name() + "' within the call's timeout of "
                + call.timeout().toMillis() + " ms (" + maxConcurrency + " slot"
                + (maxConcurrency == 1 ? "" : "s") + ", all busy)");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BackendException.of(
          FailureKind.DEADLINE_EXCEEDED, "interrupted while waiting for a slot on backend '" + info.name() + "'");
    }
  }

  private ModelResponse generateInSlot(ModelCall call, long deadline) {
    GenerationParameters p = call.parameters();
    int maxTokens = p.maxTokens() != null ? p.maxTokens() : defaultMaxTokens;
    LlamaIterator tokens = null;
    boolean finished = false;
    try {
      String prompt = model.applyTemplate(templateInput(call.messages()));
      int promptTokens = model.encode(prompt).length;
      if (promptTokens + maxTokens > contextSize) {
        throw BackendException.of(
            FailureKind.INVALID_REQUEST,
            "the prompt (" + promptTokens + " tokens) plus maxTokens (" + maxTokens + ") exceed the context of "
                + contextSize + " tokens of backend '" + info.name() + "'; shorten the input, lower maxTokens "
                + "or build the backend with a larger contextSize");
      }
      tokens = model.generate(inference(prompt, maxTokens, p)).iterator();
      StopMatcher stops = new StopMatcher(p.stop());
      StringBuilder text = new StringBuilder();
      int generated = 0;
      boolean lastTokenHadText = false;
      FinishReason finish = FinishReason.STOP;
      while (tokens.hasNext()) {
        if (System.nanoTime() - deadline >= 0) {
          throw BackendException.of(
              FailureKind.TIMEOUT,
              "backend '" + info.name() + "' passed the call's timeout of " + call.timeout().toMillis()
                  + " ms after " + generated + " of at most " + maxTokens + " tokens");
        }
        LlamaOutput out = tokens.next();
        text.append(out.text);
        if (!tokens.hasNext()) {
          // llama.cpp ends a stream with a closing message that is not a token.
          break;
        }
        generated++;
        lastTokenHadText = !out.text.isEmpty();
        int stopAt = stops.find(text, out.text.length());
        if (stopAt >= 0) {
          text.setLength(stopAt);
          finish = FinishReason.STOP_SEQUENCE;
          break;
        }
      }
      // The end-of-turn token is generated but has no text; a limit reached on it is no cut.
      if (finish == FinishReason.STOP && generated >= maxTokens && lastTokenHadText) {
        finish = FinishReason.LENGTH;
      }
      finished = finish != FinishReason.STOP_SEQUENCE;
      return new ModelResponse(
          text.toString().strip(), info.defaultModel(), Usage.of(promptTokens, generated), finish, raw(finish), null);
    } catch (BackendException e) {
      throw e;
    } catch (RuntimeException | LinkageError e) {
      // LlamaException (not public) and errors of the native library itself.
      throw BackendException.builder(
              FailureKind.UNAVAILABLE,
              "llama.cpp failed on backend '" + info.name() + "': " + e.getClass().getSimpleName() + ": " + e.getMessage())
          .cause(e)
          .build();
    } finally {
      if (tokens != null && !finished) {
        cancelQuietly(tokens);
      }
    }
  }

  private static InferenceParameters templateInput(List<ChatMessage> messages) {
    StringBuilder system = new StringBuilder();
    List<Pair<String, String>> turns = new ArrayList<>();
    for (ChatMessage m : messages) {
      if (m.role() == ChatMessage.Role.SYSTEM) {
        if (system.length() > 0) {
          system.append("\n\n");
        }
        system.append(m.content());
      } else {
        turns.add(new Pair<>(m.role() == ChatMessage.Role.USER ? "user" : "assistant", m.content()));
      }
    }
    return new InferenceParameters("").setMessages(system.length() == 0 ? null : system.toString(), turns);
  }

  private InferenceParameters inference(String prompt, int maxTokens, GenerationParameters p) {
    InferenceParameters params = new InferenceParameters(prompt).setNPredict(maxTokens);
    if (p.temperature() != null) {
      params.setTemperature(p.temperature().floatValue());
    }
    if (p.topP() != null) {
      params.setTopP(p.topP().floatValue());
    }
    Long seed = p.seed() != null ? p.seed() : defaultSeed;
    if (seed != null) {
      params.setSeed(nativeSeed(seed));
    }
    return params;
  }

  /** llama.cpp takes a 32-bit seed and reads all ones as "random": fold into 0 .. 2^31-1. */
  static int nativeSeed(long seed) {
    return (int) Math.floorMod(seed, 1L << 31);
  }

  private static String raw(FinishReason finish) {
    switch (finish) {
      case LENGTH:
        return "length";
      case STOP_SEQUENCE:
        return "stop_sequence";
      default:
        return "stop";
    }
  }

  private void cancelQuietly(LlamaIterator tokens) {
    try {
      tokens.cancel();
    } catch (RuntimeException e) {
      log.debug("backend '{}': cancelling a generation failed", info.name(), e);
    }
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw BackendException.of(FailureKind.UNAVAILABLE, "backend '" + info.name() + "' is closed");
    }
  }

  /**
   * Waits for running calls to end (each ends by its timeout at the latest), then frees the
   * model's native memory. Later calls fail with {@link FailureKind#UNAVAILABLE}. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    slots.acquireUninterruptibly(maxConcurrency);
    try {
      model.close();
    } finally {
      slots.release(maxConcurrency);
    }
  }

  @Override
  public String toString() {
    return "LlamaCppBackend{" + info.name() + ", " + info.defaultModel() + ", context " + contextSize + "}";
  }

  /**
   * Builds a {@link LlamaCppBackend}. Only {@link #modelPath(Path)} is required; each setter
   * validates its value at once and {@link #build()} loads the model.
   */
  public static final class Builder {
    /** Default backend name. */
    public static final String DEFAULT_NAME = "local-llama";
    /** Default context window of one call, in tokens. */
    public static final int DEFAULT_CONTEXT_SIZE = 2048;
    /** Default number of layers offloaded to a GPU: none, the model runs on the CPU. */
    public static final int DEFAULT_GPU_LAYERS = 0;
    /** Default number of calls that generate at once. */
    public static final int DEFAULT_MAX_CONCURRENCY = 1;
    /** Default output limit of calls that set no {@code maxTokens}. */
    public static final int DEFAULT_MAX_TOKENS = 256;
    /** The most CPU threads used by default. */
    public static final int DEFAULT_MAX_THREADS = 4;

    private @Nullable Path modelPath;
    private String name = DEFAULT_NAME;
    private @Nullable String modelName;
    private int contextSize = DEFAULT_CONTEXT_SIZE;
    private int threads = Math.min(DEFAULT_MAX_THREADS, Runtime.getRuntime().availableProcessors());
    private int gpuLayers = DEFAULT_GPU_LAYERS;
    private int maxConcurrency = DEFAULT_MAX_CONCURRENCY;
    private int defaultMaxTokens = DEFAULT_MAX_TOKENS;
    private @Nullable Long defaultSeed;

    private Builder() {}

    /**
     * The GGUF file to load. Required. {@link LocalModels#defaultModelPath()} gives the default
     * model's location; {@code scripts/fetch-model.sh} puts it there.
     */
    public Builder modelPath(Path modelPath) {
      this.modelPath = Objects.requireNonNull(modelPath, "modelPath");
      return this;
    }

    /** This backend's name in the client. Default: {@value #DEFAULT_NAME}. */
    public Builder name(String name) {
      this.name = notBlank(name, "name");
      return this;
    }

    /**
     * The model's name in results, audit and policy input. Default: the file name without {@code
     * .gguf}, for example {@code SmolLM2-135M-Instruct.Q4_1}.
     */
    public Builder modelName(String modelName) {
      this.modelName = notBlank(modelName, "modelName");
      return this;
    }

    /**
     * The context window of one call, in tokens: prompt plus {@code maxTokens} must fit, else the
     * call fails with {@link FailureKind#INVALID_REQUEST}. Default: {@value #DEFAULT_CONTEXT_SIZE}.
     * Memory grows with it (times {@link #maxConcurrency}).
     */
    public Builder contextSize(int contextSize) {
      this.contextSize = atLeast(contextSize, 16, "contextSize");
      return this;
    }

    /** CPU threads for generation. Default: the number of processors, at most {@value #DEFAULT_MAX_THREADS}. */
    public Builder threads(int threads) {
      this.threads = atLeast(threads, 1, "threads");
      return this;
    }

    /**
     * Layers to offload to a GPU; a number at least the model's layer count (for example 999)
     * offloads all of them. Default: {@value #DEFAULT_GPU_LAYERS}, everything on the CPU.
     *
     * <p>The native library bundled with {@code de.kherud:llama} is a CPU build. A value above 0
     * needs a CUDA build of java-llama.cpp's library, loaded with {@code
     * -Dde.kherud.llama.lib.path=<its directory>} (docs/local-gpu.md, section CUDA), and a visible
     * CUDA device: without either, {@link #build()} fails with {@link FailureKind#UNAVAILABLE} and
     * says which is missing, rather than running on the CPU unnoticed (checked on Linux).
     */
    public Builder gpuLayers(int gpuLayers) {
      this.gpuLayers = atLeast(gpuLayers, 0, "gpuLayers");
      return this;
    }

    /**
     * How many calls may generate at once (llama.cpp slots, each with its own context). Further
     * calls wait in arrival order; the wait counts against their timeout. Default: {@value
     * #DEFAULT_MAX_CONCURRENCY}, calls are serialised.
     */
    public Builder maxConcurrency(int maxConcurrency) {
      this.maxConcurrency = atLeast(maxConcurrency, 1, "maxConcurrency");
      return this;
    }

    /** The output limit of calls that set no {@code maxTokens}. Default: {@value #DEFAULT_MAX_TOKENS}. */
    public Builder defaultMaxTokens(int defaultMaxTokens) {
      this.defaultMaxTokens = atLeast(defaultMaxTokens, 1, "defaultMaxTokens");
      return this;
    }

    /**
     * The sampling seed of calls that set none. Default: none, each such call is sampled with a
     * fresh random seed. A call with temperature 0 is greedy and needs no seed to repeat itself.
     */
    public Builder defaultSeed(long defaultSeed) {
      this.defaultSeed = defaultSeed;
      return this;
    }

    /**
     * Loads the model and returns the backend.
     *
     * @throws InvalidRequestException if no model path was set, the file does not exist, or
     *     {@code defaultMaxTokens} does not fit the context
     * @throws BackendException with {@link FailureKind#UNAVAILABLE} if llama.cpp cannot load the
     *     file or its native library cannot be loaded on this platform, or if {@link #gpuLayers}
     *     asks for GPU offload and the loaded library has no CUDA or no CUDA device is visible
     */
    public LlamaCppBackend build() {
      Path path = modelPath;
      if (path == null) {
        throw new InvalidRequestException(
            "modelPath", "is required: use LocalModels.defaultModelPath() after running " + LocalModels.FETCH_SCRIPT);
      }
      if (defaultMaxTokens >= contextSize) {
        throw new InvalidRequestException(
            "defaultMaxTokens", "must be less than contextSize (" + contextSize + "), was " + defaultMaxTokens);
      }
      if (!Files.isRegularFile(path)) {
        throw new InvalidRequestException(
            "modelPath",
            "no model file at " + path.toAbsolutePath() + "; run " + LocalModels.FETCH_SCRIPT
                + " to download the default model, or set " + LocalModels.MODEL_ENV + " to a GGUF file");
      }
      String model = modelName != null ? modelName : stripSuffix(path.getFileName().toString());
      long start = System.nanoTime();
      LlamaModel loaded = load(path);
      log.info(
          "backend '{}' loaded {} in {} ms ({} threads, context {} x {} slot(s), {} GPU layers)",
          name, path.getFileName(), (System.nanoTime() - start) / 1_000_000, threads, contextSize,
          maxConcurrency, gpuLayers);
      return new LlamaCppBackend(this, path, model, loaded);
    }

    private LlamaModel load(Path path) {
      try {
        NativeLog.install(); // loads the native library
      } catch (RuntimeException | LinkageError e) {
        throw BackendException.builder(
                FailureKind.UNAVAILABLE,
                "the llama.cpp native library could not be loaded (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); does java-llama.cpp ship one for " + System.getProperty("os.name") + "/"
                    + System.getProperty("os.arch") + "?")
            .cause(e)
            .build();
      }
      String gpuProblem = CudaSupport.offloadProblem(gpuLayers);
      if (gpuProblem != null) {
        // llama.cpp would only warn on stderr and run on the CPU, many times slower than asked for.
        throw BackendException.of(FailureKind.UNAVAILABLE, "backend '" + name + "': " + gpuProblem);
      }
      try {
        ModelParameters params = new ModelParameters()
            .setModel(path.toString())
            .setCtxSize(contextSize * maxConcurrency)
            .setParallel(maxConcurrency)
            .setThreads(threads)
            .disableLog();
        if (gpuLayers > 0) {
          params.setGpuLayers(gpuLayers);
        }
        return new LlamaModel(params);
      } catch (RuntimeException | LinkageError e) {
        throw BackendException.builder(
                FailureKind.UNAVAILABLE,
                "llama.cpp could not load " + path + " (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "); is it a GGUF model file, and does java-llama.cpp ship a native library for "
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + "?")
            .cause(e)
            .build();
      }
    }

    private static String stripSuffix(String fileName) {
      return fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".gguf")
          ? fileName.substring(0, fileName.length() - ".gguf".length())
          : fileName;
    }

    private static String notBlank(@Nullable String value, String field) {
      if (value == null || value.isBlank()) {
        throw new InvalidRequestException(field, "must not be blank");
      }
      return value;
    }

    private static int atLeast(int value, int min, String field) {
      if (value < min) {
        throw new InvalidRequestException(field, "must be at least " + min + ", was " + value);
      }
      return value;
    }
  }
}
