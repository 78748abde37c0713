package dev.hai.benchmarks.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hai.core.ClinicalModelClient;
import dev.hai.core.backend.openai.OpenAiBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServingBenchTest {
  private static final PriorityClass ANY = new PriorityClass("any", 0);

  @TempDir Path dir;

  @Test
  void run_bothSidesSameRequests_reportsTokensRatioAndClasses() throws Exception {
    try (FakeChatServer server = new FakeChatServer(5, 200)) {
      Path out = dir.resolve("r/results.json");
      int status = ServingBench.run("--url", server.baseUrl(), "--model", "fake", "--concurrency", "1,3",
          "--rounds", "2", "--duration", "60", "--requests", "12", "--warmup", "0", "--max-tokens", "32",
          "--mix", "emergency:1,administrative:2", "--scheduling", "fifo", "--capacity", "1",
          "--saturation-duration", "1", "--label", "test", "--out", out.toString());

      assertThat(status).isZero();
      JsonNode report = new ObjectMapper().readTree(out.toFile());
      assertThat(report.path("label").asText()).isEqualTo("test");
      assertThat(report.path("throughput")).hasSize(2);
      for (JsonNode t : report.path("throughput")) {
        // 2 rounds of 12 requests per side, each answered with max_tokens tokens
        assertThat(t.path("direct").path("requests").asLong()).isEqualTo(24);
        assertThat(t.path("hai").path("requests").asLong()).isEqualTo(24);
        assertThat(t.path("direct").path("outputTokens").asLong()).isEqualTo(24 * 32);
        assertThat(t.path("hai").path("outputTokens").asLong()).isEqualTo(24 * 32);
        assertThat(t.path("sameTokensPerRequest").asBoolean()).isTrue();
        double pooled = t.path("hai").path("tokensPerSecond").asDouble() / t.path("direct").path("tokensPerSecond").asDouble();
        assertThat(t.path("pooledRatio").asDouble()).isCloseTo(pooled, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(t.path("rounds")).hasSize(2);
        double geometricMean = Math.sqrt(t.path("rounds").get(0).path("ratio").asDouble()
            * t.path("rounds").get(1).path("ratio").asDouble());
        assertThat(t.path("ratio").asDouble()).isCloseTo(geometricMean, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(t.path("rounds").get(0).path("ratio").asDouble())
            .isCloseTo(t.path("rounds").get(0).path("hai").path("tokensPerSecond").asDouble()
                / t.path("rounds").get(0).path("direct").path("tokensPerSecond").asDouble(),
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(t.path("rounds").get(0).path("first").asText()).isEqualTo("direct");
        assertThat(t.path("rounds").get(1).path("first").asText()).isEqualTo("hai");
      }
      assertThat(report.path("saturation")).hasSize(1);
      JsonNode sat = report.path("saturation").get(0);
      assertThat(sat.path("scheduling").asText()).isEqualTo("fifo(1)");
      assertThat(sat.path("classes")).extracting(c -> c.path("class").asText())
          .containsExactly("emergency", "administrative");
      assertThat(sat.path("classes")).allSatisfy(c -> assertThat(c.path("requests").asLong()).isPositive());
      // 96 throughput requests plus the saturation phase's, all seen by the server
      assertThat(server.bodies).hasSizeGreaterThan(96);
      assertThat(Files.readString(Path.of(out + ".txt"))).contains("hai tok/s", "emergency", "administrative");
    }
  }

  /** A short throughput-only run (one round, 16 tokens per request) that must succeed; its report. */
  private JsonNode throughputOnly(FakeChatServer server, int requests, String... extra) throws Exception {
    Path out = dir.resolve("throughput-" + System.nanoTime() + ".json");
    List<String> args = new ArrayList<>(List.of("--url", server.baseUrl(), "--model", "fake",
        "--concurrency", "2", "--rounds", "1", "--duration", "60", "--requests", Integer.toString(requests),
        "--warmup", "0", "--max-tokens", "16", "--mix", "off", "--out", out.toString()));
    args.addAll(List.of(extra));
    assertThat(ServingBench.run(args.toArray(String[]::new))).isZero();
    return new ObjectMapper().readTree(out.toFile());
  }

  @Test
  void run_haiBackendLocalServer_goesThroughLocalServerBackend() throws Exception {
    try (FakeChatServer server = new FakeChatServer(5, 200)) {
      JsonNode report = throughputOnly(server, 6, "--hai-backend", "local-server");

      assertThat(report.path("settings").path("haiBackend").asText()).isEqualTo("local-server");
      JsonNode t = report.path("throughput").get(0);
      assertThat(t.path("hai").path("requests").asLong()).isEqualTo(6);
      assertThat(t.path("hai").path("outputTokens").asLong()).isEqualTo(6 * 16);
      assertThat(server.modelListReads.get()).as("LocalServerBackend's served-model check").isPositive();
      assertThat(Tables.text(report)).contains("ClinicalModelClient + LocalServerBackend");
    }
  }

  @Test
  void run_haiBackendDefault_isOpenAiAndReadsNoModelList() throws Exception {
    try (FakeChatServer server = new FakeChatServer(5, 200)) {
      JsonNode report = throughputOnly(server, 2);

      assertThat(report.path("settings").path("haiBackend").asText()).isEqualTo("openai");
      assertThat(Tables.text(report)).contains("ClinicalModelClient + OpenAiBackend.compatible");
      assertThat(server.modelListReads.get()).isZero();
    }
  }

  @Test
  void directAndHai_postTheSameBody() throws Exception {
    try (FakeChatServer server = new FakeChatServer(0, 200)) {
      Workload workload = new Workload("fake", 48, 7, Duration.ofSeconds(10));
      OkHttpClient http = new OkHttpClient();
      ClinicalModelClient client = ClinicalModelClient.builder()
          .backend(OpenAiBackend.compatible(server.baseUrl()).defaultModel("fake").okHttpClient(http).build())
          .build();
      try (DirectTarget direct = new DirectTarget(http, server.baseUrl(), workload);
          HaiTarget hai = new HaiTarget(client, workload)) {
        Sample d = direct.call(3, ANY);
        Sample h = hai.call(3, ANY);

        assertThat(d.ok()).isTrue();
        assertThat(h.ok()).isTrue();
        assertThat(d.outputTokens()).isEqualTo(48);
        assertThat(h.outputTokens()).isEqualTo(48);
      }
      assertThat(server.bodies).hasSize(2);
      assertThat(server.bodies.get(1)).isEqualTo(server.bodies.get(0));
      assertThat(server.bodies.get(0).path("messages").get(1).path("content").asText()).isEqualTo(Workload.note(3));
    }
  }

  @Test
  void fifo_holdsAtMostCapacityInFlight_noneDoesNot() throws Exception {
    try (FakeChatServer server = new FakeChatServer(40, 200)) {
      runSaturation(server, Scheduling.fifo(2));
      assertThat(server.maxInFlight.get()).isEqualTo(2);

      server.maxInFlight.set(0);
      runSaturation(server, Scheduling.none());
      assertThat(server.maxInFlight.get()).isGreaterThan(2);
    }
  }

  private static void runSaturation(FakeChatServer server, Scheduling scheduling) throws InterruptedException {
    Workload workload = new Workload("fake", 8, 7, Duration.ofSeconds(10));
    ClinicalModelClient client = ClinicalModelClient.builder()
        .backend(scheduling.wrap(OpenAiBackend.compatible(server.baseUrl()).defaultModel("fake").build()))
        .build();
    try (HaiTarget hai = new HaiTarget(client, workload)) {
      ClosedLoop.Run run = ClosedLoop.run(hai, Collections.nCopies(6, ANY), Duration.ofSeconds(60), 24, Duration.ZERO);
      assertThat(run.samplesOf(null)).hasSize(24).allSatisfy(s -> assertThat(s.ok()).isTrue());
    }
  }

  @Test
  void saturation_priorityScheduler_servesEmergencyBeforeAdministrative() throws Exception {
    try (FakeChatServer server = new FakeChatServer(25, 200)) {
      Path out = dir.resolve("sat.json");
      int status = ServingBench.run("--url", server.baseUrl(), "--model", "fake", "--concurrency", "1",
          "--rounds", "1", "--duration", "60", "--requests", "2", "--warmup", "0",
          "--mix", "emergency:1,administrative:5", "--scheduling", "priority,fifo", "--capacity", "1",
          "--saturation-duration", "3", "--out", out.toString());

      assertThat(status).isZero();
      JsonNode saturation = new ObjectMapper().readTree(out.toFile()).path("saturation");
      assertThat(saturation).extracting(n -> n.path("scheduling").asText()).containsExactly("priority(1)", "fifo(1)");
      JsonNode priority = saturation.get(0).path("classes");
      JsonNode emergency = priority.get(0);
      JsonNode administrative = priority.get(1);
      assertThat(emergency.path("class").asText()).isEqualTo("emergency");
      assertThat(emergency.path("requests").asLong()).isPositive();
      // One slot, five administrative workers: an emergency request waits for at most the call in
      // service, an administrative one behind the emergency worker and its own class.
      assertThat(emergency.path("p50Millis").asDouble())
          .isLessThan(administrative.path("p50Millis").asDouble() / 2);
      // FIFO: the emergency worker queues behind the others like everyone.
      JsonNode fifo = saturation.get(1).path("classes");
      assertThat(fifo.get(0).path("p50Millis").asDouble())
          .isGreaterThan(emergency.path("p50Millis").asDouble());
    }
  }

  @Test
  void run_serverFails_exitsTwoAndNamesTheError() throws Exception {
    try (FakeChatServer server = new FakeChatServer(0, 400)) {
      Path out = dir.resolve("failed.json");
      int status = ServingBench.run("--url", server.baseUrl(), "--model", "fake", "--concurrency", "1",
          "--rounds", "1", "--duration", "60", "--requests", "2", "--warmup", "0", "--mix", "off",
          "--out", out.toString());

      assertThat(status).isEqualTo(2);
      JsonNode t = new ObjectMapper().readTree(out.toFile()).path("throughput").get(0);
      assertThat(t.path("direct").path("errors").asLong()).isEqualTo(2);
      assertThat(t.path("direct").path("firstError").asText()).isEqualTo("HTTP 400");
      assertThat(t.path("hai").path("errors").asLong()).isEqualTo(2);
      assertThat(t.path("hai").path("firstError").asText()).contains("INVALID_REQUEST");
    }
  }

  @Test
  void run_badOptions_exitOneBeforeAnyLoad() throws Exception {
    try (FakeChatServer server = new FakeChatServer(0, 200)) {
      assertThat(ServingBench.run("--url", server.baseUrl(), "--model", "fake", "--concurrency", "0",
          "--out", dir.resolve("x.json").toString())).isNotZero();
      assertThat(ServingBench.run("--url", server.baseUrl(), "--model", "fake", "--mix", "triage:2",
          "--out", dir.resolve("y.json").toString())).isNotZero();
      assertThat(ServingBench.run("--url", server.baseUrl(), "--model", "fake", "--throughput-scheduling", "lifo",
          "--out", dir.resolve("z.json").toString())).isNotZero();
      assertThat(ServingBench.run("--url", server.baseUrl(), "--model", "fake", "--hai-backend", "vllm",
          "--out", dir.resolve("w.json").toString())).isNotZero();
      assertThat(server.bodies).isEmpty();
      assertThat(dir.resolve("x.json")).doesNotExist();
    }
  }

  @Test
  void parseMix_sortsByPriority_andNamesWhatIsWrong() {
    List<PriorityClass.Offer> offers = PriorityClass.parseMix("administrative:3, emergency:1, triage=95:2");

    assertThat(offers).extracting(o -> o.priorityClass().name()).containsExactly("emergency", "triage", "administrative");
    assertThat(offers).extracting(PriorityClass.Offer::workers).containsExactly(1, 2, 3);
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> PriorityClass.parseMix("stat:1")).withMessageContaining("unknown priority class 'stat'");
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> PriorityClass.parseMix("emergency:1,emergency:2")).withMessageContaining("twice");
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> PriorityClass.parseMix("emergency")).withMessageContaining("CLASS:WORKERS");
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> PriorityClass.parseMix("emergency:0")).withMessageContaining("at least 1");
  }

  @Test
  void percentiles_nearestRank() {
    long[] hundred = new long[100];
    for (int i = 0; i < 100; i++) {
      hundred[99 - i] = i + 1;
    }
    assertThat(Percentiles.of(hundred.clone(), 50)).isEqualTo(50);
    assertThat(Percentiles.of(hundred.clone(), 99)).isEqualTo(99);
    assertThat(Percentiles.of(hundred.clone(), 100)).isEqualTo(100);
    assertThat(Percentiles.of(new long[] {7}, 99)).isEqualTo(7);
    assertThat(Percentiles.of(new long[] {3, 1, 2}, 50)).isEqualTo(2);
    assertThat(Percentiles.of(new long[0], 50)).isNaN();
  }
}
