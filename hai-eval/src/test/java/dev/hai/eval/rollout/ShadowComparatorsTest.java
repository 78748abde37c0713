package dev.hai.eval.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hai.core.Usage;
import dev.hai.core.route.JsonlShadowStore;
import dev.hai.core.route.ShadowComparator;
import dev.hai.core.route.ShadowOutcome;
import dev.hai.core.route.ShadowResult;
import dev.hai.eval.metrics.ShadowComparators;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShadowComparatorsTest {
  @TempDir Path dir;

  /* --- labelAgreement --- */

  @Test
  void labelAgreement_sameLabelInDifferentWords_agrees() {
    ShadowComparator c = ShadowComparators.labelAgreement(List.of("emergency", "urgent", "routine"));

    assertThat(c.name()).isEqualTo("label_agreement");
    assertThat(c.score("Urgent: see a GP today.", "This is urgent, book today")).isEqualTo(1.0);
    assertThat(c.score("Urgent: see a GP today.", "Routine review.")).isZero();
    assertThat(c.score("no idea", "cannot tell")).isEqualTo(1.0);
    assertThat(c.score("Emergency", "no idea")).isZero();
  }

  /* --- semanticSimilarity --- */

  @Test
  void semanticSimilarity_cosineClippedToZeroOne() {
    // a toy embedding: (count of 'a', count of 'b')
    ShadowComparator c = ShadowComparators.semanticSimilarity(t -> new float[] {
        t.chars().filter(ch -> ch == 'a').count(), t.chars().filter(ch -> ch == 'b').count()});

    assertThat(c.name()).isEqualTo("semantic_similarity");
    assertThat(c.score("aa", "a")).isCloseTo(1.0, within(1e-12));
    assertThat(c.score("a", "b")).isZero();
    assertThat(c.score("ab", "a")).isCloseTo(Math.sqrt(0.5), within(1e-6));
  }

  /* --- shadow agreement of a store --- */

  @Test
  void withShadowAgreement_meansOfAnsweredShadowsPerArmAndComparator() throws Exception {
    RolloutData data = Arms.champion(1, 0).data();
    UUID primary = data.calls().get(0).callId();
    try (JsonlShadowStore store = JsonlShadowStore.open(dir.resolve("shadows.jsonl"))) {
      store.append(result(primary, "summary", "big", ShadowOutcome.SUCCESS, Map.of("exact", 1.0, "edit_distance", 0.0)));
      store.append(result(primary, "summary", "big", ShadowOutcome.SUCCESS, Map.of("exact", 0.0, "edit_distance", 0.5)));
      store.append(result(primary, "summary", "big", ShadowOutcome.TIMEOUT, Map.of()));
      store.append(result(primary, "other", "big", ShadowOutcome.SUCCESS, Map.of("exact", 0.0)));

      RolloutData d = data.withShadowAgreement(store, "summary");

      assertThat(d.shadowAgreement()).containsOnlyKeys("big");
      assertThat(d.shadowAgreement().get("big")).containsEntry("exact", 0.5).containsEntry("edit_distance", 0.25);
    }
  }

  private static ShadowResult result(UUID primary, String route, String arm, ShadowOutcome outcome,
      Map<String, Double> scores) {
    boolean ok = outcome == ShadowOutcome.SUCCESS;
    return new ShadowResult(primary, UUID.randomUUID(), "cardiology", route, arm, "gpu", "m",
        Instant.parse("2026-11-20T08:00:00Z"), Duration.ofMillis(30), outcome, ok ? null : "deadline", ok ? "text" : null,
        false, ok ? "ab".repeat(32) : null, Usage.of(1, 1), null, scores);
  }
}
