package dev.hai.gpu.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hai.core.BackendFailure;
import dev.hai.core.Caller;
import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.ClinicalResult;
import dev.hai.core.PurposeOfUse;
import dev.hai.core.RetryPolicy;
import dev.hai.core.spi.FailureKind;
import dev.hai.gpu.LlamaCppBackend;
import dev.hai.gpu.LocalModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The supervisor and the local-server backend against a real llama.cpp server (llama-cpp-python's
 * {@code python3 -m llama_cpp.server}) serving the default GGUF model on loopback: started, called,
 * killed with SIGKILL in the middle of a long generation, restarted, and stopped with no process
 * left. Needs {@code python3} with {@code llama-cpp-python[server]} ({@code HAI_PYTHON} names another
 * interpreter) and the model ({@code scripts/fetch-model.sh}); fails, never skips, without them.
 *
 * <p>The tests run in order and share one supervised server, to keep the model loads (and the CI
 * box's two cores) few.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalServerIT {
  private static final String ALIAS = "smollm2-135m-instruct";
  private static final Duration WAIT = Duration.ofSeconds(120);

  private static final RecordingListener events = new RecordingListener();
  private static ServerSupervisor supervisor;
  private static LocalServerBackend backend;
  private static LlamaCppBackend inProcess;
  private static ClinicalModelClient client;

  @BeforeAll
  static void startServer() {
    Path model = LocalModels.defaultModelPath();
    assertThat(Files.isRegularFile(model))
        .as("model file %s is missing: run scripts/fetch-model.sh or set HAI_MODEL", model)
        .isTrue();
    int port = FakeOpenAiServer.freePort();
    String python = System.getenv().getOrDefault("HAI_PYTHON", "python3");
    supervisor = ServerSupervisor.builder()
        .name("llama-cpp-python")
        .command(python, "-m", "llama_cpp.server",
            "--model", model.toString(), "--model_alias", ALIAS,
            "--host", "127.0.0.1", "--port", Integer.toString(port),
            "--n_ctx", "1024", "--n_threads", "2")
        .readinessUrl("http://127.0.0.1:" + port + "/v1/models")
        .startupTimeout(Duration.ofSeconds(90))
        .healthInterval(Duration.ofSeconds(1))
        .healthConnectOnly(true) // its /v1/models waits while it generates
        .restartBackoff(Duration.ofMillis(200), Duration.ofSeconds(2), 2.0)
        .stopGracePeriod(Duration.ofSeconds(5))
        .logFile(Path.of("target", "local-server-it.log"))
        .listener(events)
        .build()
        .start();
    backend = LocalServerBackend.builder("http://127.0.0.1:" + port + "/v1")
        .name("llama-server")
        .defaultModel(ALIAS)
        .maxConcurrency(2)
        .supervisor(supervisor)
        .build();
    // The fallback: the same model in this process, as a hospital might keep a small local model
    // beside its GPU server.
    inProcess = LlamaCppBackend.builder().name("in-process").modelPath(model).modelName(ALIAS)
        .contextSize(1024).threads(2).build();
    client = ClinicalModelClient.builder()
        .backend(backend, RetryPolicy.defaults())
        .backend(inProcess)
        .build();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close(); // closes both backends, and the supervisor with the server
    }
  }

  private static ClinicalRequest request(String text, int maxTokens) {
    return ClinicalRequest.builder()
        .caller(Caller.of("u-test", "attending-physician", "internal-medicine", PurposeOfUse.TREATMENT))
        .system("You are a concise clinical documentation assistant.")
        .user(text)
        .maxTokens(maxTokens)
        .temperature(0.0)
        .timeout(Duration.ofSeconds(90))
        .build();
  }

  @Test
  @Order(1)
  void supervisor_startsTheServer_andTheBackendListsItsModel() {
    supervisor.awaitReady(WAIT);

    assertThat(supervisor.pid()).isPresent();
    assertThat(backend.servedModels()).containsExactly(ALIAS);
    assertThat(backend.healthy()).isTrue();
  }

  @Test
  @Order(2)
  void call_isAnsweredByTheServer() {
    ClinicalResult result = client.call(request("Summarise in one sentence: BP 120/80, pulse 72, afebrile.", 24));

    assertThat(result).isInstanceOfSatisfying(ClinicalResult.Success.class, s -> {
      assertThat(s.text()).isNotBlank();
      assertThat(s.metadata().backend()).as("failures: %s", s.failures()).isEqualTo("llama-server");
      assertThat(s.metadata().usage().outputTokens()).isBetween(1L, 24L);
    });
  }

  @Test
  @Order(3)
  void call_modelNotServed_isRefusedWithTheServedList() {
    ClinicalResult result = client.call(ClinicalRequest.builder()
        .caller(Caller.of("u-test", "attending-physician", "internal-medicine", PurposeOfUse.TREATMENT))
        .user("Hello")
        .model("llama-3.1-70b")
        .maxTokens(4)
        .build());

    assertThat(result).isInstanceOfSatisfying(ClinicalResult.Unavailable.class, u ->
        assertThat(u.failures()).first().satisfies(f -> {
          assertThat(f.backend()).isEqualTo("llama-server");
          assertThat(f.kind()).isEqualTo(FailureKind.INVALID_REQUEST);
          assertThat(f.message()).contains("[" + ALIAS + "]");
        }));
  }

  @Test
  @Order(4)
  void serverKilledMidGeneration_callFailsOverTyped_andTheServerIsRestarted() throws Exception {
    long pid = supervisor.pid().orElseThrow();
    CompletableFuture<ClinicalResult> inFlight = CompletableFuture.supplyAsync(() -> client.call(request(
        "Write a long, detailed discharge letter for a synthetic patient after a hip replacement, "
            + "with sections for history, surgery, medication, physiotherapy and follow-up.", 160)));
    // The server is prompting and generating (a 160-token answer takes it several seconds here).
    Thread.sleep(1500);
    assertThat(inFlight).isNotDone();

    ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL

    ClinicalResult result = inFlight.get(3, TimeUnit.MINUTES); // never hangs
    assertThat(result).isInstanceOfSatisfying(ClinicalResult.Success.class, s -> {
      assertThat(s.metadata().backend()).isEqualTo("in-process");
      List<BackendFailure> failures = s.failures();
      assertThat(failures).first().satisfies(f -> {
        assertThat(f.backend()).isEqualTo("llama-server");
        assertThat(f.kind()).isEqualTo(FailureKind.CONNECTION);
      });
      assertThat(failures).allSatisfy(f -> assertThat(f.kind()).isIn(FailureKind.CONNECTION, FailureKind.UNAVAILABLE));
    });
    SupervisorEvent exited = events.await(SupervisorEvent.Type.EXITED, 1, WAIT);
    assertThat(exited.pid()).isEqualTo(pid);
    assertThat(exited.exitCode()).isEqualTo(137);

    events.await(SupervisorEvent.Type.READY, 2, WAIT);
    assertThat(supervisor.pid().orElseThrow()).isNotEqualTo(pid);
    assertThat(supervisor.restarts()).isEqualTo(1);
    assertThat(client.call(request("Summarise in one sentence: BP 120/80.", 16)))
        .isInstanceOfSatisfying(ClinicalResult.Success.class,
            s -> assertThat(s.metadata().backend()).as("failures: %s", s.failures()).isEqualTo("llama-server"));
  }

  @Test
  @Order(5)
  void close_stopsTheServerProcessTree() {
    ProcessHandle server = ProcessHandle.of(supervisor.pid().orElseThrow()).orElseThrow();
    List<ProcessHandle> tree = server.descendants().toList();

    backend.close();

    assertThat(server.isAlive()).as("server pid %s", server.pid()).isFalse();
    assertThat(tree).allSatisfy(h -> assertThat(h.isAlive()).as("descendant %s", h.pid()).isFalse());
    assertThat(supervisor.state()).isEqualTo(ServerState.STOPPED);
  }
}
