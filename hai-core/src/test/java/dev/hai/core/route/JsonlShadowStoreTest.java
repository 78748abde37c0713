package dev.hai.core.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hai.core.Usage;
import dev.hai.core.cost.Money;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON Lines store: the contract, and what is particular to a file. */
class JsonlShadowStoreTest extends ShadowStoreContractTest {
  @TempDir Path dir;
  private int files;

  @Override
  protected ShadowStore newStore() {
    return JsonlShadowStore.open(dir.resolve("shadows-" + (files++) + ".jsonl"));
  }

  @Test
  void append_concurrently_oneWholeLinePerResult() throws Exception {
    Path f = dir.resolve("lines.jsonl");
    try (JsonlShadowStore store = JsonlShadowStore.open(f, false)) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < 100; i++) {
            store.append(result("summary", "x".repeat(i * 31)));
          }
        }));
      }
      for (Future<?> d : done) {
        d.get();
      }
      pool.shutdown();
    }
    List<String> lines = Files.readAllLines(f);
    assertThat(lines).hasSize(400);
    for (String line : lines) {
      assertThat(line).startsWith("{").endsWith("}");
    }
  }

  private static ShadowResult result(String route, String text) {
    return new ShadowResult(UUID.randomUUID(), UUID.randomUUID(), "cardiology", route, "shadow-1", "gpu",
        "llama-8b", Instant.parse("2026-11-26T08:00:00Z"), Duration.ofMillis(1234), ShadowOutcome.SUCCESS, null,
        text, false, "ab".repeat(32), Usage.of(100, 20), Money.of("USD", "0.0042"),
        Map.of("exact", 0.0, "edit_distance", 0.25));
  }

  @Test
  void open_newFile_isOwnerOnly() throws Exception {
    Path f = dir.resolve("shadows.jsonl");
    JsonlShadowStore.open(f).close();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
  }

  @Test
  void read_tornLastLine_isSkipped() throws Exception {
    Path f = dir.resolve("shadows.jsonl");
    ShadowResult a = result("summary", "ok");
    try (JsonlShadowStore store = JsonlShadowStore.open(f)) {
      store.append(a);
    }
    Files.write(f, "{\"primaryCallId\":\"01".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    assertThat(JsonlShadowStore.open(f).read(null)).containsExactly(a);
  }

  @Test
  void toString_neverShowsTheAnswer() {
    assertThat(result("summary", "Jane Doe has sepsis").toString()).doesNotContain("Jane").contains("not shown");
  }

  @Test
  void result_textWithoutSuccess_refused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ShadowResult(UUID.randomUUID(), UUID.randomUUID(),
        "t", "r", "a", "b", "m", Instant.EPOCH, Duration.ZERO, ShadowOutcome.FAILED, "x", "text", false, null,
        Usage.zero(), null, Map.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void result_nonFiniteScore_refused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ShadowResult(UUID.randomUUID(), UUID.randomUUID(),
        "t", "r", "a", "b", "m", Instant.EPOCH, Duration.ZERO, ShadowOutcome.SUCCESS, null, "text", false, null,
        Usage.zero(), null, Map.of("cosine", Double.NaN))).hasMessageContaining("finite");
  }
}
