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
import dev.hai.core.route.Arm;
import dev.hai.core.route.Route;
import dev.hai.core.route.RouteTable;
import dev.hai.core.route.ShadowStore;
import dev.hai.core.route.ShadowStoreContractTest;
import dev.hai.core.route.ShadowResult;
import dev.hai.core.spi.BackendInfo;
import dev.hai.core.spi.Hosting;
import dev.hai.core.spi.ModelBackend;
import dev.hai.core.spi.ModelCall;
import dev.hai.core.spi.ModelResponse;
import dev.hai.core.spi.ResolvedPrompt;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Shadow results in a real PostgreSQL: hai-core's {@link ShadowStoreContractTest} (round trip,
 * concurrency, redaction), idempotence, and the shadows of a running client.
 */
class JdbcShadowStoreIT extends ShadowStoreContractTest {
  private final DataSource ds = TestPostgres.get().freshSchema();
  private final JdbcShadowStore store;

  JdbcShadowStoreIT() {
    JdbcStore.migrate(ds);
    store = JdbcStore.builder(ds).build().shadowStore();
  }

  @Override
  protected ShadowStore newStore() {
    return JdbcStore.builder(TestPostgres.get().freshSchema()).migrateOnOpen(true).build().shadowStore();
  }


  @Test
  void append_sameShadowTwice_keepsTheFirst() {
    ShadowResult a = result("summary", 1, "Stable.");
    store.append(a);
    store.append(a);
    assertThat(store.read(null)).containsExactly(a);
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
