package dev.hai.gpu.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hai.core.BackendFailure;
import dev.hai.core.Caller;
import dev.hai.core.ChatMessage;
import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.ClinicalResult;
import dev.hai.core.GenerationParameters;
import dev.hai.core.InvalidRequestException;
import dev.hai.core.PurposeOfUse;
import dev.hai.core.RetryPolicy;
import dev.hai.core.spi.BackendException;
import dev.hai.core.spi.BackendInfo;
import dev.hai.core.spi.FailureKind;
import dev.hai.core.spi.Hosting;
import dev.hai.core.spi.ModelBackend;
import dev.hai.core.spi.ModelCall;
import dev.hai.core.spi.ModelResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The backend against a real child process: {@link FakeOpenAiServer} in a second JVM, supervised
 * or not, killed mid-call. The same scenarios run against llama-cpp-python's server in {@code
 * LocalServerIT}.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "POSIX signals and exit codes (137 for SIGKILL)")
class LocalServerBackendTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final RecordingListener events = new RecordingListener();
  private LocalServerBackend backend;

  @AfterEach
  void close() {
    if (backend != null) {
      backend.close();
    }
  }

  private LocalServerBackend supervised(int port, String... options) {
    ServerSupervisor supervisor = ServerSupervisor.builder()
        .name("fake")
        .command(FakeOpenAiServer.command(port, options))
        .readinessUrl("http://127.0.0.1:" + port + "/health")
        .readinessPollInterval(Duration.ofMillis(50))
        .healthInterval(Duration.ofMillis(200))
        .restartBackoff(Duration.ofMillis(500), Duration.ofSeconds(1), 2.0)
        .listener(events)
        .build()
        .start();
    supervisor.awaitReady(WAIT);
    return LocalServerBackend.builder("http://127.0.0.1:" + port + "/v1")
        .name("gpu")
        .defaultModel("fake")
        .supervisor(supervisor)
        .build();
  }

  private static ModelCall call(String model, Duration timeout) {
    return new ModelCall(UUID.randomUUID(), 1, model, List.of(ChatMessage.user("Summarise: BP 120/80.")),
        GenerationParameters.none(), timeout, null);
  }

  private static ClinicalRequest request() {
    return ClinicalRequest.builder()
        .caller(Caller.of("u-test", "attending-physician", "internal-medicine", PurposeOfUse.TREATMENT))
        .user("Summarise: BP 120/80.")
        .timeout(Duration.ofSeconds(20))
        .build();
  }

  /** A second backend that always answers, standing in for a cloud fallback. */
  private static ModelBackend fallback() {
    return new AnsweringBackend(new BackendInfo("fallback", "test", Hosting.LOCAL, "other"), "from the fallback");
  }

  private static void awaitSlotsTaken(LocalServerBackend backend, int taken) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (backend.maxConcurrency() - backend.freeSlots() < taken) {
      assertThat(System.nanoTime() - deadline).as("%s slot(s) taken in time", taken).isNegative();
      Thread.sleep(10);
    }
  }

  /* --- info --- */

  @Test
  void info_isLocalOpenAiCompatible() {
    backend = LocalServerBackend.builder("http://127.0.0.1:1/v1/").name("gpu-01").defaultModel("m").build();

    assertThat(backend.info()).isEqualTo(new BackendInfo("gpu-01", "openai-compatible", Hosting.LOCAL, "m"));
    assertThat(backend.baseUrl()).isEqualTo("http://127.0.0.1:1/v1");
    assertThat(backend.healthUrl()).isEqualTo("http://127.0.0.1:1/v1/models");
  }

  @Test
  void healthProbe_health_isAtTheServersRoot() {
    backend = LocalServerBackend.builder("http://gpu-01:8000/v1").defaultModel("m")
        .healthProbe(HealthProbe.HEALTH).build();

    assertThat(backend.healthUrl()).isEqualTo("http://gpu-01:8000/health");
  }

  /* --- servedModels --- */

  @Test
  void servedModels_listsTheServersModels() {
    backend = supervised(FakeOpenAiServer.freePort(), "--models", "fake,fake-large");

    assertThat(backend.servedModels()).containsExactly("fake", "fake-large");
    assertThat(backend.healthy()).isTrue();
  }

  @Test
  void parseModels_notAModelList_isMalformed() {
    assertThatThrownBy(() -> LocalServerBackend.parseModels("{\"models\":[]}".getBytes(StandardCharsets.UTF_8), "u"))
        .isInstanceOfSatisfying(BackendException.class,
            e -> assertThat(e.kind()).isEqualTo(FailureKind.MALFORMED_RESPONSE));
  }

  /* --- generate --- */

  @Test
  void generate_modelNotServed_isAnInvalidRequestListingTheServedModels() {
    backend = supervised(FakeOpenAiServer.freePort(), "--models", "fake,fake-large");

    assertThatThrownBy(() -> backend.generate(call("gpt-4o", Duration.ofSeconds(5))))
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.INVALID_REQUEST))
        .hasMessageContaining("does not serve model 'gpt-4o'")
        .hasMessageContaining("[fake, fake-large]");
  }

  @Test
  void generate_unsupervisedServerDown_failsWithConnection() {
    int port = FakeOpenAiServer.freePort();
    backend = LocalServerBackend.builder("http://127.0.0.1:" + port + "/v1").defaultModel("fake").build();

    assertThatThrownBy(() -> backend.generate(call("fake", Duration.ofSeconds(5))))
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION));
    assertThat(backend.healthy()).isFalse();
  }

  @Test
  void generate_timeoutTooFarForNanoseconds_isNoDeadline() {
    backend = supervised(FakeOpenAiServer.freePort());

    assertThat(backend.generate(call("fake", Duration.ofSeconds(Long.MAX_VALUE))).text()).startsWith("pid ");
  }

  @Test
  void generate_allSlotsBusy_waitsThenTimesOutTyped() throws Exception {
    int port = FakeOpenAiServer.freePort();
    LocalServerBackend supervisedBackend = supervised(port, "--delay-ms", "3000");
    backend = LocalServerBackend.builder(supervisedBackend.baseUrl()).defaultModel("fake").maxConcurrency(1).build();
    CompletableFuture<ModelResponse> first = CompletableFuture.supplyAsync(() -> backend.generate(call("fake", WAIT)));
    try {
      // The first call holds the only slot for 3 s; the second may wait at most 300 ms.
      awaitSlotsTaken(backend, 1);
      assertThatThrownBy(() -> backend.generate(call("fake", Duration.ofMillis(300))))
          .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.TIMEOUT))
          .hasMessageContaining("no free slot");
      assertThat(first.get(30, TimeUnit.SECONDS).text()).startsWith("pid ");
    } finally {
      supervisedBackend.close();
    }
  }

  @Test
  void generate_serverKilledMidCall_failsWithConnectionThenUnavailableUntilRestarted() throws Exception {
    backend = supervised(FakeOpenAiServer.freePort(), "--delay-ms", "5000");
    long pid = backend.supervisor().orElseThrow().pid().getAsLong();
    CompletableFuture<ModelResponse> inFlight = CompletableFuture.supplyAsync(() -> backend.generate(call("fake", WAIT)));
    awaitSlotsTaken(backend, 1);
    Thread.sleep(300); // the call is now waiting for its 5 s answer

    ProcessHandle.of(pid).orElseThrow().destroyForcibly();

    assertThat(inFlight).failsWithin(WAIT).withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause().isInstanceOfSatisfying(BackendException.class,
            e -> assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION));
    events.await(SupervisorEvent.Type.RESTART_SCHEDULED, 1, WAIT);
    assertThatThrownBy(() -> backend.generate(call("fake", WAIT)))
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.UNAVAILABLE))
        .hasMessageContaining("RESTARTING")
        .hasMessageContaining("exited with code 137");
    events.await(SupervisorEvent.Type.READY, 2, WAIT);
    assertThat(backend.generate(call("fake", WAIT)).text()).isNotEqualTo("pid " + pid);
  }

  @Test
  void generate_modelListBusyWhileTheServerGenerates_usesTheLastListRead() throws Exception {
    int port = FakeOpenAiServer.freePort();
    LocalServerBackend supervisedBackend = supervised(port, "--busy-models", "--delay-ms", "2000");
    backend = LocalServerBackend.builder(supervisedBackend.baseUrl()).defaultModel("fake")
        .probeTimeout(Duration.ofMillis(300)).servedModelsTtl(Duration.ofMillis(1)).build();
    try {
      assertThat(backend.servedModels()).containsExactly("fake");
      CompletableFuture<ModelResponse> first = CompletableFuture.supplyAsync(() -> backend.generate(call("fake", WAIT)));
      awaitSlotsTaken(backend, 1);
      Thread.sleep(300); // the server now generates, and its model list waits

      assertThatThrownBy(backend::servedModels)
          .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.TIMEOUT));
      assertThatThrownBy(() -> backend.generate(call("other", WAIT)))
          .isInstanceOfSatisfying(BackendException.class,
              e -> assertThat(e.kind()).isEqualTo(FailureKind.INVALID_REQUEST));
      assertThat(backend.generate(call("fake", WAIT)).text()).startsWith("pid ");
      assertThat(first.get(30, TimeUnit.SECONDS).text()).startsWith("pid ");
    } finally {
      supervisedBackend.close();
    }
  }

  @Test
  void client_serverDown_failsOverToTheNextBackendAtOnce() throws Exception {
    backend = supervised(FakeOpenAiServer.freePort());
    long pid = backend.supervisor().orElseThrow().pid().getAsLong();
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    events.await(SupervisorEvent.Type.RESTART_SCHEDULED, 1, WAIT);

    try (ClinicalModelClient client = ClinicalModelClient.builder()
        .backend(backend, RetryPolicy.defaults())
        .backend(fallback())
        .build()) {
      ClinicalResult result = client.call(request());

      assertThat(result).isInstanceOfSatisfying(ClinicalResult.Success.class, s -> {
        assertThat(s.text()).isEqualTo("from the fallback");
        assertThat(s.failures()).extracting(BackendFailure::backend, BackendFailure::kind, BackendFailure::attempt)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("gpu", FailureKind.UNAVAILABLE, 1));
      });
      events.await(SupervisorEvent.Type.READY, 2, WAIT);
      assertThat(client.call(request())).isInstanceOfSatisfying(ClinicalResult.Success.class,
          s -> assertThat(s.metadata().backend()).isEqualTo("gpu"));
    }
    backend = null; // the client closed it
  }

  @Test
  void gpuScheduler_inFrontOfASupervisedServer_answersAndFailsOverWhileItIsDown() throws Exception {
    backend = supervised(FakeOpenAiServer.freePort());
    ModelBackend scheduled = dev.hai.gpu.schedule.GpuScheduler.builder(backend).capacity(backend.maxConcurrency()).build();
    try (ClinicalModelClient client = ClinicalModelClient.builder()
        .backend(scheduled, RetryPolicy.defaults())
        .backend(fallback())
        .build()) {
      assertThat(client.call(request())).isInstanceOfSatisfying(ClinicalResult.Success.class,
          s -> assertThat(s.metadata().backend()).isEqualTo("gpu"));

      ProcessHandle.of(backend.supervisor().orElseThrow().pid().getAsLong()).orElseThrow().destroyForcibly();
      events.await(SupervisorEvent.Type.RESTART_SCHEDULED, 1, WAIT);

      assertThat(client.call(request())).isInstanceOfSatisfying(ClinicalResult.Success.class, s -> {
        assertThat(s.metadata().backend()).isEqualTo("fallback");
        assertThat(s.failures()).extracting(BackendFailure::kind).containsExactly(FailureKind.UNAVAILABLE);
      });
    }
    assertThat(backend.supervisor().orElseThrow().state()).as("closing the scheduler closes the server")
        .isEqualTo(ServerState.STOPPED);
    backend = null;
  }

  /* --- close --- */

  @Test
  void close_stopsTheSupervisedServerAndLaterCallsAreUnavailable() {
    backend = supervised(FakeOpenAiServer.freePort());
    ServerSupervisor supervisor = backend.supervisor().orElseThrow();
    ProcessHandle server = ProcessHandle.of(supervisor.pid().getAsLong()).orElseThrow();

    backend.close();

    assertThat(server.isAlive()).isFalse();
    assertThat(supervisor.state()).isEqualTo(ServerState.STOPPED);
    assertThatThrownBy(() -> backend.generate(call("fake", WAIT)))
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.UNAVAILABLE));
  }

  @Test
  void close_whileACallWaitsForASlot_thatCallFailsUnavailableNotConnection() throws Exception {
    int port = FakeOpenAiServer.freePort();
    LocalServerBackend supervisedBackend = supervised(port, "--delay-ms", "5000");
    backend = LocalServerBackend.builder(supervisedBackend.baseUrl()).name("gpu").defaultModel("fake")
        .maxConcurrency(1).supervisor(supervisedBackend.supervisor().orElseThrow()).build();
    try {
      closeWhileWaiting();
    } finally {
      supervisedBackend.close();
    }
  }

  private void closeWhileWaiting() throws Exception {
    CompletableFuture<ModelResponse> first = CompletableFuture.supplyAsync(() -> backend.generate(call("fake", WAIT)));
    awaitSlotsTaken(backend, 1);
    CompletableFuture<ModelResponse> waiting = CompletableFuture.supplyAsync(() -> backend.generate(call("fake", WAIT)));
    Thread.sleep(300); // the second call now waits for the only slot

    backend.close(); // stops the server: the first call loses its connection and frees the slot

    assertThat(first).failsWithin(WAIT).withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause().isInstanceOfSatisfying(BackendException.class,
            e -> assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION));
    assertThat(waiting).failsWithin(WAIT).withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause().isInstanceOfSatisfying(BackendException.class,
            e -> assertThat(e.kind()).isEqualTo(FailureKind.UNAVAILABLE))
        .withMessageContaining("closed");
  }

  /* --- builder --- */

  @Test
  void build_withoutDefaultModel_namesTheSetting() {
    assertThatThrownBy(() -> LocalServerBackend.builder("http://127.0.0.1:1/v1").build())
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("server.defaultModel"));
  }

  @Test
  void setters_badValues_failAtOnceNamingTheSetting() {
    assertThatThrownBy(() -> LocalServerBackend.builder("ftp:/x")).hasMessageStartingWith("server.baseUrl:");
    LocalServerBackend.Builder b = LocalServerBackend.builder("http://127.0.0.1:1/v1");
    assertThatThrownBy(() -> b.maxConcurrency(0)).hasMessageStartingWith("server.maxConcurrency:");
    assertThatThrownBy(() -> b.timeout(Duration.ofSeconds(-1))).hasMessageStartingWith("server.timeout:");
    assertThatThrownBy(() -> b.healthUrl("nope")).hasMessageStartingWith("server.healthUrl:");
  }
}
