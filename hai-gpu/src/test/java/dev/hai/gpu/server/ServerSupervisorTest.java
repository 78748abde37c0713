package dev.hai.gpu.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hai.core.InvalidRequestException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor with a real child process: a small OpenAI-compatible server in a second JVM
 * ({@link FakeOpenAiServer}), started, killed with SIGKILL, restarted and stopped.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "POSIX signals and exit codes (137 for SIGKILL)")
class ServerSupervisorTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private final RecordingListener events = new RecordingListener();
  private ServerSupervisor supervisor;

  @AfterEach
  void stop() {
    if (supervisor != null) {
      supervisor.close();
    }
  }

  private ServerSupervisor.Builder fake(int port, String... options) {
    return ServerSupervisor.builder()
        .name("fake")
        .command(FakeOpenAiServer.command(port, options))
        .readinessUrl("http://127.0.0.1:" + port + "/v1/models")
        .readinessPollInterval(Duration.ofMillis(50))
        .healthInterval(Duration.ofMillis(200))
        .probeTimeout(Duration.ofSeconds(1))
        .restartBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0)
        .stopGracePeriod(Duration.ofSeconds(5))
        .listener(events);
  }

  /* --- start --- */

  @Test
  void start_serverAnswersReadiness_becomesReadyWithItsPid() throws Exception {
    int port = FakeOpenAiServer.freePort();
    supervisor = fake(port, "--ready-after-ms", "300").build();

    supervisor.start().awaitReady(WAIT);
    events.await(SupervisorEvent.Type.READY, 1, WAIT); // sent just after the state changes

    assertThat(supervisor.state()).isEqualTo(ServerState.READY);
    assertThat(supervisor.pid()).isPresent();
    assertThat(events.types()).containsExactly(SupervisorEvent.Type.STARTED, SupervisorEvent.Type.READY);
    assertThat(events.events().get(0).pid()).isEqualTo(supervisor.pid().getAsLong());
    assertThat(supervisor.restarts()).isZero();
  }

  @Test
  void start_programMissing_failsAtOnceAndAwaitReadySaysWhy() throws Exception {
    supervisor = ServerSupervisor.builder()
        .command(dir.resolve("no-such-server").toString())
        .readinessUrl("http://127.0.0.1:9/v1/models")
        .listener(events)
        .build();

    assertThatThrownBy(() -> supervisor.start().awaitReady(WAIT))
        .isInstanceOfSatisfying(ServerStartException.class, e -> assertThat(e.state()).isEqualTo(ServerState.FAILED))
        .hasMessageContaining("could not start")
        .hasMessageContaining("no-such-server");
    assertThat(events.await(SupervisorEvent.Type.FAILED, 1, WAIT).detail()).contains("could not start");
    assertThat(events.types()).containsExactly(SupervisorEvent.Type.FAILED);
  }

  @Test
  void awaitReady_beforeStart_isAnError() {
    supervisor = fake(FakeOpenAiServer.freePort()).build();

    assertThatThrownBy(() -> supervisor.awaitReady(WAIT)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("start()");
  }

  @Test
  void start_notReadyInTime_isKilledAndRestarted() throws Exception {
    int port = FakeOpenAiServer.freePort();
    supervisor = fake(port, "--ready-after-ms", "600000").startupTimeout(Duration.ofMillis(1500)).build();

    supervisor.start();
    SupervisorEvent timedOut = events.await(SupervisorEvent.Type.START_TIMED_OUT, 1, WAIT);
    events.await(SupervisorEvent.Type.STARTED, 2, WAIT);

    assertThat(timedOut.detail()).contains("startup timeout");
    assertThat(ProcessHandle.of(timedOut.pid()).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));
    assertThat(supervisor.restarts()).isEqualTo(1);
  }

  /* --- restart --- */

  @Test
  void serverKilled_isRestartedWithBackoffAndGetsReadyAgain() throws Exception {
    int port = FakeOpenAiServer.freePort();
    supervisor = fake(port).build();
    supervisor.start().awaitReady(WAIT);
    long first = supervisor.pid().getAsLong();

    ProcessHandle.of(first).orElseThrow().destroyForcibly(); // SIGKILL
    SupervisorEvent exited = events.await(SupervisorEvent.Type.EXITED, 1, WAIT);
    SupervisorEvent restart = events.await(SupervisorEvent.Type.RESTART_SCHEDULED, 1, WAIT);
    events.await(SupervisorEvent.Type.READY, 2, WAIT);

    assertThat(exited.exitCode()).isEqualTo(137);
    assertThat(exited.pid()).isEqualTo(first);
    assertThat(restart.delay()).isEqualTo(Duration.ofMillis(100));
    assertThat(supervisor.state()).isEqualTo(ServerState.READY);
    assertThat(supervisor.pid().getAsLong()).isNotEqualTo(first);
    assertThat(supervisor.restarts()).isEqualTo(1);
  }

  @Test
  void serverStopsAnsweringHealth_isKilledAsUnhealthyAndRestarted() throws Exception {
    int port = FakeOpenAiServer.freePort();
    supervisor = fake(port, "--unhealthy-after-ms", "1500").unhealthyThreshold(2).build();
    supervisor.start().awaitReady(WAIT);
    long first = supervisor.pid().getAsLong();

    SupervisorEvent unhealthy = events.await(SupervisorEvent.Type.UNHEALTHY, 1, WAIT);
    events.await(SupervisorEvent.Type.STARTED, 2, WAIT);

    assertThat(unhealthy.pid()).isEqualTo(first);
    assertThat(unhealthy.detail()).contains("failed 2 times in a row");
    assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));
  }

  @Test
  void healthConnectOnly_serverBusyOnItsHealthUrl_isNotKilled() throws Exception {
    int port = FakeOpenAiServer.freePort();
    supervisor = fake(port, "--busy-models", "--delay-ms", "2500").unhealthyThreshold(2)
        .probeTimeout(Duration.ofMillis(200)).healthConnectOnly(true).build();
    supervisor.start().awaitReady(WAIT);
    LocalServerBackend backend = LocalServerBackend.builder("http://127.0.0.1:" + port + "/v1")
        .defaultModel("fake").build();
    try {
      // 2.5 s of generation: about twelve health probes, each of which the model list would fail.
      assertThat(backend.generate(new dev.hai.core.spi.ModelCall(java.util.UUID.randomUUID(), 1, "fake",
          List.of(dev.hai.core.ChatMessage.user("hi")), dev.hai.core.GenerationParameters.none(), WAIT, null)).text())
          .startsWith("pid ");
    } finally {
      backend.close();
    }

    assertThat(events.types()).doesNotContain(SupervisorEvent.Type.UNHEALTHY);
    assertThat(supervisor.state()).isEqualTo(ServerState.READY);
  }

  @Test
  void tooManyRestartsInTheWindow_givesUpAsFailed() throws Exception {
    int port = FakeOpenAiServer.freePort();
    supervisor = fake(port).maxRestarts(0, Duration.ofMinutes(1)).build();
    supervisor.start().awaitReady(WAIT);

    ProcessHandle.of(supervisor.pid().getAsLong()).orElseThrow().destroyForcibly();
    SupervisorEvent failed = events.await(SupervisorEvent.Type.FAILED, 1, WAIT);

    assertThat(failed.detail()).contains("exited with code 137").contains("gave up");
    assertThat(supervisor.state()).isEqualTo(ServerState.FAILED);
    assertThat(events.types()).doesNotContain(SupervisorEvent.Type.RESTART_SCHEDULED);
    assertThatThrownBy(() -> supervisor.awaitReady(WAIT)).isInstanceOf(ServerStartException.class);
  }

  @Test
  void crashingOnStart_backoffGrowsToItsMaxThenGivesUpAfterMaxRestarts() throws Exception {
    supervisor = ServerSupervisor.builder()
        .name("crashing")
        .command("sh", "-c", "exit 3")
        .readinessUrl("http://127.0.0.1:" + FakeOpenAiServer.freePort() + "/v1/models")
        .readinessPollInterval(Duration.ofMillis(50))
        .restartBackoff(Duration.ofMillis(100), Duration.ofMillis(300), 2.0)
        .maxRestarts(4, Duration.ofMinutes(1))
        .listener(events)
        .build();

    supervisor.start();
    SupervisorEvent failed = events.await(SupervisorEvent.Type.FAILED, 1, WAIT);

    assertThat(events.events()).filteredOn(e -> e.type() == SupervisorEvent.Type.RESTART_SCHEDULED)
        .extracting(SupervisorEvent::delay)
        .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300), Duration.ofMillis(300));
    assertThat(events.events()).filteredOn(e -> e.type() == SupervisorEvent.Type.EXITED)
        .hasSize(5).allSatisfy(e -> assertThat(e.exitCode()).isEqualTo(3));
    assertThat(failed.detail()).contains("exited with code 3").contains("gave up after 4 restart(s)");
    assertThat(supervisor.state()).isEqualTo(ServerState.FAILED);
    assertThat(supervisor.restarts()).isEqualTo(4);
    assertThat(supervisor.pid()).isEmpty();
    assertThatThrownBy(() -> supervisor.awaitReady(WAIT)).isInstanceOf(ServerStartException.class)
        .hasMessageContaining("FAILED");
  }

  /* --- close --- */

  @Test
  void close_stopsTheWholeProcessTree() throws Exception {
    int port = FakeOpenAiServer.freePort();
    supervisor = fake(port, "--spawn-child").build();
    supervisor.start().awaitReady(WAIT);
    ProcessHandle server = ProcessHandle.of(supervisor.pid().getAsLong()).orElseThrow();
    List<ProcessHandle> tree = server.descendants().toList();
    assertThat(tree).as("the fake server's child").isNotEmpty();

    supervisor.close();

    assertThat(server.isAlive()).isFalse();
    assertThat(tree).allSatisfy(h -> assertThat(h.isAlive()).as("descendant %s", h.pid()).isFalse());
    assertThat(supervisor.state()).isEqualTo(ServerState.STOPPED);
    assertThat(events.types()).last().isEqualTo(SupervisorEvent.Type.STOPPED);
    assertThat(events.types()).doesNotContain(SupervisorEvent.Type.EXITED, SupervisorEvent.Type.RESTART_SCHEDULED);
  }

  @Test
  void close_serverIgnoresSigterm_isKilledAfterTheGracePeriod() throws Exception {
    int port = FakeOpenAiServer.freePort();
    supervisor = fake(port, "--ignore-term").stopGracePeriod(Duration.ofMillis(500)).build();
    supervisor.start().awaitReady(WAIT);
    ProcessHandle server = ProcessHandle.of(supervisor.pid().getAsLong()).orElseThrow();

    supervisor.close();

    assertThat(server.isAlive()).isFalse();
  }

  @Test
  void close_isIdempotentAndStartAfterItIsAnError() {
    supervisor = fake(FakeOpenAiServer.freePort()).build();

    supervisor.close();
    supervisor.close();

    assertThatThrownBy(() -> supervisor.start()).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  /* --- logging --- */

  @Test
  void logFile_receivesTheServersOutput() throws Exception {
    int port = FakeOpenAiServer.freePort();
    Path log = dir.resolve("server.log");
    supervisor = fake(port).logFile(log).build();

    supervisor.start().awaitReady(WAIT);

    assertThat(Files.readString(log)).contains("fake server listening on " + port);
  }

  /* --- builder --- */

  @Test
  void build_withoutCommandOrReadinessUrl_namesTheSetting() {
    assertThatThrownBy(() -> ServerSupervisor.builder().readinessUrl("http://127.0.0.1:1/").build())
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("supervisor.command"));
    assertThatThrownBy(() -> ServerSupervisor.builder().command("x").build())
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.field()).isEqualTo("supervisor.readinessUrl"));
  }

  @Test
  void setters_badValues_failAtOnceNamingTheSetting() {
    ServerSupervisor.Builder b = ServerSupervisor.builder();

    assertThatThrownBy(() -> b.command(List.of())).hasMessageStartingWith("supervisor.command:");
    assertThatThrownBy(() -> b.readinessUrl("not a url")).hasMessageStartingWith("supervisor.readinessUrl:");
    assertThatThrownBy(() -> b.startupTimeout(Duration.ZERO)).hasMessageStartingWith("supervisor.startupTimeout:");
    assertThatThrownBy(() -> b.restartBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2))
        .hasMessageStartingWith("supervisor.restartBackoff.max:");
    assertThatThrownBy(() -> b.restartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 0.5))
        .hasMessageStartingWith("supervisor.restartBackoff.multiplier:");
    assertThatThrownBy(() -> b.maxRestarts(-1, Duration.ofMinutes(1))).hasMessageStartingWith("supervisor.maxRestarts:");
    assertThatThrownBy(() -> b.unhealthyThreshold(0)).hasMessageStartingWith("supervisor.unhealthyThreshold:");
  }
}
