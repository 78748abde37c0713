package dev.hai.benchmarks.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hai.gpu.LocalModels;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * The serving benchmark's driver against a real llama.cpp server (llama-cpp-python's, serving the
 * default GGUF model on loopback), as {@code run-on-device.sh --cpu} runs it, in short: both sides
 * get the same answers, the report holds their token counts and ratio, and the scheduler's
 * saturation phase answers every class. Needs {@code python3} with {@code llama-cpp-python[server]}
 * ({@code HAI_PYTHON} names another interpreter) and the model ({@code scripts/fetch-model.sh});
 * fails, never skips, without them. Timing is not asserted: the machine is shared.
 */
class ServingBenchIT {
  private static final String ALIAS = "smollm2";
  private static final Duration STARTUP = Duration.ofSeconds(90);

  private static Process server;
  private static String baseUrl;

  @TempDir Path dir;

  @BeforeAll
  static void startServer() throws Exception {
    Path model = LocalModels.defaultModelPath();
    assertThat(Files.isRegularFile(model))
        .as("model file %s is missing: run scripts/fetch-model.sh or set HAI_MODEL", model)
        .isTrue();
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = Path.of("target", "serving-bench-llama-server.log");
    Files.createDirectories(log.getParent());
    String python = System.getenv().getOrDefault("HAI_PYTHON", "python3");
    server = new ProcessBuilder(python, "-m", "llama_cpp.server", "--model", model.toString(),
            "--model_alias", ALIAS, "--host", "127.0.0.1", "--port", Integer.toString(port),
            "--n_ctx", "2048", "--n_threads", "2", "--interrupt_requests", "False")
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    baseUrl = "http://127.0.0.1:" + port + "/v1";
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (true) {
      if (!server.isAlive()) {
        throw new AssertionError("the llama.cpp server exited with " + server.exitValue()
            + "; is llama-cpp-python[server] installed? Its log:\n" + Files.readString(log));
      }
      try {
        HttpURLConnection c = (HttpURLConnection) URI.create(baseUrl + "/models").toURL().openConnection();
        c.setConnectTimeout(500);
        c.setReadTimeout(2000);
        if (c.getResponseCode() == 200) {
          break;
        }
      } catch (IOException notYet) {
        // still starting
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the llama.cpp server did not start within " + STARTUP + "; log:\n"
            + Files.readString(log));
      }
      Thread.sleep(250);
    }
  }

  @AfterAll
  static void stopServer() throws InterruptedException {
    if (server != null) {
      server.destroy();
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void run_againstLlamaCppServer_bothSidesGetTheSameAnswers() throws Exception {
    Path out = dir.resolve("results.json");
    int status = ServingBench.run("--url", baseUrl, "--model", ALIAS, "--concurrency", "1,2",
        "--rounds", "2", "--duration", "300", "--requests", "4", "--warmup", "0", "--max-tokens", "16",
        "--mix", "emergency:1,administrative:2", "--scheduling", "priority", "--capacity", "1",
        "--saturation-duration", "3", "--label", "ServingBenchIT", "--out", out.toString());

    assertThat(status).isZero();
    JsonNode report = new ObjectMapper().readTree(out.toFile());
    for (JsonNode t : report.path("throughput")) {
      JsonNode direct = t.path("direct");
      JsonNode hai = t.path("hai");
      assertThat(direct.path("requests").asLong()).isEqualTo(8);
      assertThat(hai.path("requests").asLong()).isEqualTo(8);
      // Temperature 0, the same notes in the same order: the same answers, token for token.
      assertThat(hai.path("outputTokens").asLong()).isEqualTo(direct.path("outputTokens").asLong()).isPositive();
      assertThat(t.path("sameTokensPerRequest").asBoolean()).isTrue();
      assertThat(t.path("ratio").asDouble()).isPositive();
    }
    JsonNode classes = report.path("saturation").get(0).path("classes");
    assertThat(classes).extracting(c -> c.path("class").asText()).containsExactly("emergency", "administrative");
    assertThat(classes.get(0).path("requests").asLong()).isPositive();
    assertThat(Files.readString(Path.of(out + ".txt"))).contains("priority(1)", "ServingBenchIT");
  }
}
