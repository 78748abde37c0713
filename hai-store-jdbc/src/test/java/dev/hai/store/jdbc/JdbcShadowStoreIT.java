package dev.hai.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hai.core.Caller;
import dev.hai.core.ChatMessage;
import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.ClinicalResult;
import dev.hai.core.FinishReason;
import dev.hai.core.GenerationParameters;
import dev.hai.core.PromptInfo;
import dev.hai.core.PurposeOfUse;
import dev.hai.core.Usage;
import dev.hai.core.cost.Money;
import dev.hai.core.route.Arm;
import dev.hai.core.route.Route;
import dev.hai.core.route.RouteTable;
import dev.hai.core.route.ShadowOutcome;
import dev.hai.core.route.ShadowResult;
import dev.hai.core.spi.BackendInfo;
import dev.hai.core.spi.Hosting;
import dev.hai.core.spi.ModelBackend;
import dev.hai.core.spi.ModelCall;
import dev.hai.core.spi.ModelResponse;
import dev.hai.core.spi.ResolvedPrompt;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Shadow results in a real PostgreSQL: round trip, concurrency, idempotence, and from a running client. */
class JdbcShadowStoreIT {
  private final DataSource ds = TestPostgres.get().freshSchema();
  private final JdbcShadowStore store;

  JdbcShadowStoreIT() {
    JdbcStore.migrate(ds);
    store = JdbcStore.builder(ds).build().shadowStore();
  }

  private static ShadowResult result(String route, int i) {
    // Micro-second times: the column keeps microseconds.
    Instant t = Instant.parse("2026-11-26T08:00:00Z").plus(i, ChronoUnit.MICROS);
    return new ShadowResult(UUID.randomUUID(), UUID.randomUUID(), "cardiology", route, "shadow-1", "gpu", "llama-8b",
        t, Duration.ofMillis(1200 + i), ShadowOutcome.SUCCESS, null, "Answer " + i + " with \"quotes\" and ünïcode",
        false, "ab".repeat(32), Usage.of(100, 20 + i), Money.ofMicros("USD", 4_200 + i),
        Map.of("exact", 0.0, "edit_distance", 0.125 * (i % 8)));
  }

  @Test
  void append_thenRead_roundTripsInOrder() {
    ShadowResult a = result("summary", 1);
    ShadowResult failed = new ShadowResult(UUID.randomUUID(), UUID.randomUUID(), "t", "triage", "s2", "b", "m",
        Instant.parse("2026-11-26T08:00:01Z"), Duration.ZERO, ShadowOutcome.TIMEOUT, "DEADLINE_EXCEEDED", null,
        false, null, Usage.zero(), null, Map.of());
    ShadowResult b = result("summary", 2);
    store.append(a);
    store.append(failed);
    store.append(b);

    assertThat(store.read(null)).containsExactly(a, failed, b);
    assertThat(store.read("summary")).containsExactly(a, b);
    assertThat(store.read("nothing")).isEmpty();
  }

  @Test
  void append_sameShadowTwice_keepsTheFirst() {
    ShadowResult a = result("summary", 1);
    store.append(a);
    store.append(a);
    assertThat(store.read(null)).containsExactly(a);
  }

  @Test
  void append_fromEightThreads_noneLost() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<ShadowResult> written = new ArrayList<>();
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      List<ShadowResult> mine = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        mine.add(result("summary", t * 100 + i));
      }
      written.addAll(mine);
      done.add(pool.submit(() -> mine.forEach(store::append)));
    }
    for (Future<?> f : done) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(new HashSet<>(store.read("summary"))).isEqualTo(new HashSet<>(written));
  }

  @Test
  void client_shadowOfARoutedCall_landsInPostgres() throws Exception {
    ModelBackend primary = backend("cloud", "Stable.");
    ModelBackend shadow = backend("gpu", "Stable!");
    Route route = Route.builder("summary").champion(Arm.builder("claude").backend("cloud").build())
        .shadow(Arm.builder("local-8b").backend("gpu").build()).build();
    try (RouteTable table = RouteTable.builder().route(route).shadowStore(store).build()) {
      ClinicalModelClient client = ClinicalModelClient.builder().backend(primary).backend(shadow).routes(table)
          .promptResolver(ref -> new ResolvedPrompt(List.of(ChatMessage.user("Summarise.")),
              new PromptInfo(ref.promptId(), "1.0.0", "ab".repeat(32)), GenerationParameters.none()))
          .build();
      ClinicalResult r = client.call(ClinicalRequest.builder()
          .caller(Caller.of("u-1", "physician", "cardiology", PurposeOfUse.TREATMENT))
          .prompt("summary", "production", Map.of()).build());

      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (store.read("summary").isEmpty() && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      ShadowResult s = store.read("summary").get(0);
      assertThat(s.primaryCallId()).isEqualTo(r.metadata().callId());
      assertThat(s.text()).isEqualTo("Stable!");
      assertThat(s.scores()).containsEntry("exact", 0.0).containsEntry("edit_distance", 1.0 / 7);
    }
  }

  private static ModelBackend backend(String name, String text) {
    BackendInfo info = new BackendInfo(name, "fake", Hosting.LOCAL, name + "-model");
    return new ModelBackend() {
      @Override
      public BackendInfo info() {
        return info;
      }

      @Override
      public ModelResponse generate(ModelCall call) {
        return new ModelResponse(text, call.model(), Usage.of(5, 2), FinishReason.STOP, "stop", null);
      }
    };
  }
}
