package dev.hai.core.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hai.core.Usage;
import dev.hai.core.audit.ContentRedactor;
import dev.hai.core.cost.Money;
import dev.hai.core.phi.PhiRedactor;
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
import org.junit.jupiter.api.Test;

/**
 * What every {@link ShadowStore} must do; each implementation's test extends this (the JSON Lines
 * store here, the PostgreSQL store in hai-store-jdbc).
 */
public abstract class ShadowStoreContractTest {

  /** A new, empty store. */
  protected abstract ShadowStore newStore();

  /** A successful shadow result; times in whole microseconds, as every store keeps them. */
  public static ShadowResult result(String route, int i, String text) {
    return new ShadowResult(UUID.randomUUID(), UUID.randomUUID(), "cardiology", route, "shadow-1", "gpu",
        "llama-8b", Instant.parse("2026-11-26T08:00:00Z").plus(i, ChronoUnit.MICROS), Duration.ofMillis(1200 + i),
        ShadowOutcome.SUCCESS, null, text, false, "ab".repeat(32), Usage.of(100, 20 + i),
        Money.ofMicros("USD", 4_200 + i), Map.of("exact", 0.0, "edit_distance", 0.125 * (i % 8)));
  }

  @Test
  void append_thenRead_everyFieldBackInOrder_filteredByRoute() {
    try (ShadowStore store = newStore()) {
      ShadowResult a = result("summary", 1, "Stable.\nNo \"acute\" findings, ünïcode.");
      ShadowResult failed = new ShadowResult(UUID.randomUUID(), UUID.randomUUID(), "t", "triage", "s2", "b", "m",
          Instant.parse("2026-11-26T08:00:01Z"), Duration.ZERO, ShadowOutcome.TIMEOUT, "DEADLINE_EXCEEDED", null,
          false, null, Usage.zero(), null, Map.of());
      ShadowResult b = result("summary", 2, "Stable.");
      store.append(a);
      store.append(failed);
      store.append(b);

      assertThat(store.read(null)).containsExactly(a, failed, b);
      assertThat(store.read("summary")).containsExactly(a, b);
      assertThat(store.read("nothing")).isEmpty();
    }
  }

  @Test
  void append_fromEightThreads_noneLostNoneTorn() throws Exception {
    try (ShadowStore store = newStore()) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<ShadowResult> written = new ArrayList<>();
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        List<ShadowResult> mine = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
          mine.add(result("summary", t * 100 + i, "answer " + "x".repeat(i * 13) + " from thread " + t));
        }
        written.addAll(mine);
        done.add(pool.submit(() -> mine.forEach(store::append)));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      List<ShadowResult> read = store.read(null);
      assertThat(read).hasSize(written.size());
      assertThat(new HashSet<>(read)).isEqualTo(new HashSet<>(written));
    }
  }

  @Test
  void redactingText_storesTheMaskedAnswer_keepsScoresAndDigest() {
    try (ShadowStore store = ShadowStore.redactingText(newStore(), ContentRedactor.phi(PhiRedactor.defaults()))) {
      ShadowResult a = result("summary", 1, "Call the patient at 555-123-4567 tomorrow.");
      store.append(a);

      ShadowResult kept = store.read("summary").get(0);
      assertThat(kept.text()).doesNotContain("555-123-4567").contains("tomorrow");
      assertThat(kept.textRedacted()).isTrue();
      assertThat(kept.scores()).isEqualTo(a.scores());
      assertThat(kept.outputSha256()).isEqualTo(a.outputSha256());
      assertThat(store.describe()).contains("redacted");
    }
  }

  @Test
  void append_null_refused() {
    try (ShadowStore store = newStore()) {
      assertThatThrownBy(() -> store.append(null)).isInstanceOf(RuntimeException.class);
    }
  }
}
