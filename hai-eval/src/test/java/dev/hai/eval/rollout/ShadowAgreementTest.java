package dev.hai.eval.rollout;

import static dev.hai.eval.rollout.ArmCall.Role.CHALLENGER;
import static dev.hai.eval.rollout.ArmCall.Role.CHAMPION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hai.core.Usage;
import dev.hai.core.route.JsonlShadowStore;
import dev.hai.core.route.ShadowOutcome;
import dev.hai.core.route.ShadowResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shadow agreement is of the shadows of the calls being decided on (one route, one period). */
class ShadowAgreementTest {
  @TempDir Path dir;

  private static ShadowResult shadow(UUID primary, String route, double exact) {
    return new ShadowResult(primary, UUID.randomUUID(), "cardiology", route, "s1", "gpu", "gpu-model", Arms.T0,
        Duration.ofMillis(5), ShadowOutcome.SUCCESS, null, "answer", false, null, Usage.of(1, 1), null,
        Map.of("exact", exact));
  }

  @Test
  void shadowAgreement_onlyOfTheShadowsOfTheseCalls() {
    Arms arms = new Arms().correct("v1", CHAMPION, 2).correct("v2", CHALLENGER, 2);
    RolloutData data = RolloutData.of(arms.calls, arms.feedback);
    try (JsonlShadowStore store = JsonlShadowStore.open(dir.resolve("shadows.jsonl"))) {
      store.append(shadow(arms.calls.get(0).callId(), "summary", 1.0));
      store.append(shadow(arms.calls.get(3).callId(), "summary", 0.5));
      // A shadow of a call of the same route outside the period (before a promotion, say).
      store.append(shadow(UUID.randomUUID(), "summary", 0.0));
      store.append(shadow(UUID.randomUUID(), "other-route", 0.0));

      Map<String, Map<String, Double>> agreement = data.withShadowAgreement(store, "summary").shadowAgreement();

      assertThat(agreement).isEqualTo(Map.of("s1", Map.of("exact", 0.75)));
    }
  }
}
