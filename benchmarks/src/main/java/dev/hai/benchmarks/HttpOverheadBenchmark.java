package dev.hai.benchmarks;

import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.ClinicalResult;
import dev.hai.core.backend.openai.OpenAiBackend;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
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
 * A call through HTTP: the whole pipeline and the OpenAI backend against a loopback server
 * ({@code pipelineOpenAi}), versus a bare OkHttp POST of an equivalent body to the same server that
 * only reads the response as a string ({@code baselineBareOkHttp}). Both share one OkHttpClient,
 * so connection reuse is the same. Target: ratio ≤ 1.10.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar HttpOverhead -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class HttpOverheadBenchmark {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final String BODY =
      "{\"model\":\"gpt-4.1\",\"messages\":[{\"role\":\"system\",\"content\":\"You summarise clinical notes"
          + " for a physician. Be factual and brief.\"},{\"role\":\"user\",\"content\":\"Summarise: 67-year-old,"
          + " chest pain for 2 hours, troponin raised, ECG shows ST depression.\"}],\"temperature\":0.0,"
          + "\"max_tokens\":128}";

  private LoopbackOpenAiServer server;
  private OkHttpClient http;
  private ClinicalModelClient client;
  private ClinicalRequest request;
  private Request bare;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    server = new LoopbackOpenAiServer();
    http = new OkHttpClient.Builder().build();
    client = ClinicalModelClient.builder()
        .backend(OpenAiBackend.compatible(server.baseUrl()).defaultModel("gpt-4.1").okHttpClient(http).build())
        .build();
    request = BenchmarkRequests.summary().build();
    bare = new Request.Builder()
        .url(server.baseUrl() + "/chat/completions")
        .post(RequestBody.create(BODY, JSON))
        .build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    client.close();
    server.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  @Benchmark
  public String baselineBareOkHttp() throws IOException {
    try (Response response = http.newCall(bare).execute()) {
      return response.body().string();
    }
  }

  @Benchmark
  public ClinicalResult pipelineOpenAi() {
    ClinicalResult result = client.call(request);
    if (!result.isSuccess()) {
      throw new IllegalStateException("benchmark call failed: " + result);
    }
    return result;
  }
}
