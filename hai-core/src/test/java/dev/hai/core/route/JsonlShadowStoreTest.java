package dev.hai.core.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hai.core.Usage;
import dev.hai.core.audit.ContentRedactor;
import dev.hai.core.cost.Money;
import dev.hai.core.phi.PhiRedactor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlShadowStoreTest {
  @TempDir Path dir;

  static ShadowResult result(String route, String text) {
    return new ShadowResult(UUID.randomUUID(), UUID.randomUUID(), "cardiology", route, "shadow-1", "gpu",
        "llama-8b", Instant.parse("2026-11-26T08:00:00Z"), Duration.ofMillis(1234), ShadowOutcome.SUCCESS, null,
        text, false, "ab".repeat(32), Usage.of(100, 20), Money.of("USD", "0.0042"),
        Map.of("exact", 0.0, "edit_distance", 0.25));
  }

  @Test
  void append_thenRead_roundTrips() {
    try (JsonlShadowStore store = JsonlShadowStore.open(dir.resolve("s/shadows.jsonl"))) {
      ShadowResult a = result("summary", "Patient stable.\nNo \"acute\" findings.");
      ShadowResult failed = new ShadowResult(UUID.randomUUID(), UUID.randomUUID(), "t", "triage", "s2", "b", "m",
          Instant.parse("2026-11-26T08:00:01Z"), Duration.ZERO, ShadowOutcome.TIMEOUT, "DEADLINE_EXCEEDED", null,
          false, null, Usage.zero(), null, Map.of());
      store.append(a);
      store.append(failed);

      assertThat(store.read(null)).containsExactly(a, failed);
      assertThat(store.read("triage")).containsExactly(failed);
    }
  }

  @Test
  void open_newFile_isOwnerOnly() throws Exception {
    Path f = dir.resolve("shadows.jsonl");
    JsonlShadowStore.open(f).close();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
  }

  @Test
  void append_concurrently_everyLineWholeAndNoneLost() throws Exception {
    Path f = dir.resolve("shadows.jsonl");
    int threads = 8;
    int each = 200;
    List<ShadowResult> written = new ArrayList<>();
    try (JsonlShadowStore store = JsonlShadowStore.open(f, false)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        List<ShadowResult> mine = new ArrayList<>();
        for (int i = 0; i < each; i++) {
          mine.add(result("summary", "answer " + "x".repeat(i * 7) + " from thread " + t));
        }
        written.addAll(mine);
        done.add(pool.submit(() -> mine.forEach(store::append)));
      }
      for (Future<?> d : done) {
        d.get();
      }
      pool.shutdown();
    }
    List<ShadowResult> read = JsonlShadowStore.open(f).read(null);
    assertThat(read).hasSize(threads * each);
    assertThat(new HashSet<>(read)).isEqualTo(new HashSet<>(written));
    assertThat(Files.readAllLines(f)).hasSize(threads * each);
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
  void redactingText_masksTheAnswerButKeepsScoresAndDigest() {
    Path f = dir.resolve("shadows.jsonl");
    try (ShadowStore store = ShadowStore.redactingText(JsonlShadowStore.open(f),
        ContentRedactor.phi(PhiRedactor.defaults()))) {
      ShadowResult a = result("summary", "Call the patient at 555-123-4567 tomorrow.");
      store.append(a);

      ShadowResult kept = store.read("summary").get(0);
      assertThat(kept.text()).doesNotContain("555-123-4567").contains("tomorrow");
      assertThat(kept.textRedacted()).isTrue();
      assertThat(kept.scores()).isEqualTo(a.scores());
      assertThat(kept.outputSha256()).isEqualTo(a.outputSha256());
    }
  }

  @Test
  void toString_neverShowsTheAnswer() {
    assertThat(result("summary", "Jane Doe has sepsis").toString()).doesNotContain("Jane").contains("not shown");
  }

  @Test
  void result_textWithoutSuccess_refused() {
    Set<String> none = Set.of();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ShadowResult(UUID.randomUUID(), UUID.randomUUID(),
        "t", "r", "a", "b", "m", Instant.EPOCH, Duration.ZERO, ShadowOutcome.FAILED, "x", "text", false, null,
        Usage.zero(), null, Map.of())).isInstanceOf(IllegalArgumentException.class);
    assertThat(none).isEmpty();
  }
}
