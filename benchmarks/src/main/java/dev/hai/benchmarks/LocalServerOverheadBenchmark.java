package dev.hai.benchmarks;

import dev.hai.core.ChatMessage;
import dev.hai.core.GenerationParameters;
import dev.hai.core.backend.openai.OpenAiBackend;
import dev.hai.core.spi.ModelCall;
import dev.hai.core.spi.ModelResponse;
import dev.hai.gpu.server.LocalServerBackend;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What hai-gpu's {@code LocalServerBackend} adds to one attempt: the served-model check (its list
 * cached), the in-flight slot and its own sized connection pool ({@code localServer}), versus
 * hai-core's {@code OpenAiBackend.compatible} alone on an OkHttp client like it ({@code
 * baselineCompatible}), both against the same loopback server speaking the Chat Completions wire
 * format. Target: median ratio ≤ 1.02 (the additions are in-memory).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar LocalServerOverhead -f 1 -wi 2 -i 3}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class LocalServerOverheadBenchmark {
  private LoopbackOpenAiServer server;
  private OkHttpClient http;
  private OpenAiBackend compatible;
  private LocalServerBackend local;
  private ModelCall call;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    server = new LoopbackOpenAiServer();
    http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
    compatible = OpenAiBackend.compatible(server.baseUrl()).defaultModel("gpt-4.1").okHttpClient(http).build();
    local = LocalServerBackend.builder(server.baseUrl()).defaultModel("gpt-4.1").maxConcurrency(4)
        .servedModelsTtl(Duration.ofHours(1)).build();
    call = new ModelCall(UUID.randomUUID(), 1, "gpt-4.1",
        List.of(ChatMessage.system("You summarise clinical notes for a physician. Be factual and brief."),
            ChatMessage.user("Summarise: 67-year-old, chest pain for 2 hours, troponin raised, ECG shows ST depression.")),
        GenerationParameters.builder().temperature(0.0).maxTokens(128).build(), Duration.ofSeconds(30), null);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    local.close();
    server.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  @Benchmark
  public ModelResponse baselineCompatible() {
    return compatible.generate(call);
  }

  @Benchmark
  public ModelResponse localServer() {
    return local.generate(call);
  }
}
