package dev.hai.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hai.core.BackendFailure;
import dev.hai.core.Caller;
import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.ClinicalResult;
import dev.hai.core.FinishReason;
import dev.hai.core.PurposeOfUse;
import dev.hai.core.RetryPolicy;
import dev.hai.core.backend.openai.OpenAiBackend;
import dev.hai.core.spi.FailureKind;
import dev.hai.core.spi.Hosting;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI-compatible backend against a real llama.cpp server (the Python package
 * {@code llama-cpp-python[server]}) serving the default GGUF model on loopback, started and stopped
 * by this test. Needs {@code python3} with that package ({@code HAI_PYTHON} names another
 * interpreter) and the model ({@code scripts/fetch-model.sh}); fails, never skips, without them.
 */
class LlamaCppServerIT {
  private static final String ALIAS = "smollm2-135m-instruct";
  private static final Duration STARTUP = Duration.ofSeconds(90);

  private static Process server;
  private static String baseUrl;
  private static ClinicalModelClient client;

  @BeforeAll
  static void startServer() throws Exception {
    Path model = LocalModels.defaultModelPath();
    assertThat(Files.isRegularFile(model))
        .as("model file %s is missing: run scripts/fetch-model.sh or set HAI_MODEL", model)
        .isTrue();
    int port = freePort();
    Path log = Path.of("target", "llama-server.log");
    Files.createDirectories(log.getParent());
    String python = System.getenv().getOrDefault("HAI_PYTHON", "python3");
    server = new ProcessBuilder(python, "-m", "llama_cpp.server",
            "--model", model.toString(), "--model_alias", ALIAS,
            "--host", "127.0.0.1", "--port", Integer.toString(port),
            "--n_ctx", "1024", "--n_threads", "2")
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    baseUrl = "http://127.0.0.1:" + port + "/v1";
    awaitReady(baseUrl + "/models", log);
    client = ClinicalModelClient.builder()
        .backend(OpenAiBackend.compatible(baseUrl).name("llama-server").defaultModel(ALIAS).build())
        .build();
  }

  @AfterAll
  static void stopServer() throws InterruptedException {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.destroy();
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static final String NOTE = "Summarise in one sentence: 58-year-old (synthetic) with type 2"
      + " diabetes, HbA1c 8.1%, started on metformin 500 mg twice daily, review in three months.";

  private static ClinicalRequest.Builder request() {
    return request(NOTE);
  }

  private static ClinicalRequest.Builder request(String userMessage) {
    return ClinicalRequest.builder()
        .caller(Caller.of("u-test", "attending-physician", "internal-medicine", PurposeOfUse.TREATMENT))
        .system("You are a concise clinical documentation assistant.")
        .user(userMessage)
        .temperature(0.0)
        .seed(7)
        .timeout(Duration.ofSeconds(60));
  }

  @Test
  void call_returnsTheServersAnswerWithItsTokenCounts() {
    ClinicalResult result = client.call(request().maxTokens(48).build());

    assertThat(result).isInstanceOfSatisfying(ClinicalResult.Success.class, s -> {
      assertThat(s.text()).isNotBlank();
      assertThat(s.finishReason()).isIn(FinishReason.STOP, FinishReason.LENGTH);
      assertThat(s.metadata().backend()).isEqualTo("llama-server");
      assertThat(s.metadata().model()).isEqualTo(ALIAS);
      assertThat(s.metadata().usage().inputTokens()).isGreaterThan(20);
      assertThat(s.metadata().usage().outputTokens()).isBetween(1L, 48L);
      assertThat(s.metadata().attempts()).isEqualTo(1);
    });
  }

  @Test
  void call_tokenLimit_endsWithLength() {
    ClinicalResult result = client.call(request().maxTokens(3).build());

    assertThat(result).isInstanceOfSatisfying(ClinicalResult.Success.class, s -> {
      assertThat(s.finishReason()).isEqualTo(FinishReason.LENGTH);
      assertThat(s.metadata().usage().outputTokens()).isEqualTo(3);
    });
  }

  @Test
  void call_sameSeedAtTemperatureZero_isRepeatable() {
    ClinicalResult first = client.call(request().maxTokens(24).build());
    ClinicalResult second = client.call(request().maxTokens(24).build());

    assertThat(first).isInstanceOf(ClinicalResult.Success.class);
    assertThat(((ClinicalResult.Success) second).text()).isEqualTo(((ClinicalResult.Success) first).text());
  }

  @Test
  void call_promptLongerThanTheContext_isAnInvalidRequestNotRetried() {
    String longNote = "Blood pressure 120/80, pulse 72, afebrile. ".repeat(200);
    ClinicalResult result = client.call(request(longNote).maxTokens(16).build());

    assertThat(result).isInstanceOfSatisfying(ClinicalResult.Unavailable.class, u -> {
      assertThat(u.kind()).isEqualTo(FailureKind.INVALID_REQUEST);
      assertThat(u.failures()).singleElement().satisfies(f -> assertThat(f.statusCode()).isEqualTo(400));
    });
  }

  @Test
  void call_deadShardFirst_fallsBackToTheServer() throws IOException {
    int deadPort = freePort();
    try (ClinicalModelClient withFallback = ClinicalModelClient.builder()
        .backend(OpenAiBackend.compatible("http://127.0.0.1:" + deadPort + "/v1").name("gpu-down")
            .defaultModel(ALIAS).build(), RetryPolicy.none())
        .backend(OpenAiBackend.compatible(baseUrl).name("llama-server").defaultModel(ALIAS).build())
        .build()) {
      ClinicalResult result = withFallback.call(request().maxTokens(8).build());

      assertThat(result).isInstanceOfSatisfying(ClinicalResult.Success.class, s -> {
        assertThat(s.metadata().backend()).isEqualTo("llama-server");
        assertThat(s.failures()).extracting(BackendFailure::backend, BackendFailure::kind)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("gpu-down", FailureKind.CONNECTION));
      });
    }
  }

  @Test
  void call_deadlineShorterThanTheWork_isUnavailableInTime() {
    // A fresh (uncached) prompt of some 400 tokens takes the server far longer than 40 ms to read.
    String uncached = java.util.UUID.randomUUID() + " " + NOTE.repeat(8);
    long start = System.nanoTime();
    ClinicalResult result = client.call(request(uncached).maxTokens(200).timeout(Duration.ofMillis(40)).build());
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(result).isInstanceOfSatisfying(ClinicalResult.Unavailable.class,
        u -> assertThat(u.kind()).isIn(FailureKind.TIMEOUT, FailureKind.DEADLINE_EXCEEDED));
    assertThat(took).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void backendInfo_saysLocal() {
    assertThat(OpenAiBackend.compatible(baseUrl).defaultModel(ALIAS).build().info().hosting())
        .isEqualTo(Hosting.LOCAL);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void awaitReady(String url, Path log) throws Exception {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new AssertionError("the llama.cpp server exited with " + server.exitValue()
            + "; is llama-cpp-python[server] installed? Its log:\n" + Files.readString(log));
      }
      try {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(500);
        c.setReadTimeout(2000);
        if (c.getResponseCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the llama.cpp server did not become ready within " + STARTUP + "; log:\n"
        + Files.readString(log));
  }
}
