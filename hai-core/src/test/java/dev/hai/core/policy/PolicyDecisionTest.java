package dev.hai.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hai.core.spi.PolicyException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyDecisionTest {

  /* --- fromDocument --- */

  @Test
  void fromDocument_fullDecision_readsEveryObligation() {
    Map<String, Object> doc = Map.of("allow", true, "reasons", List.of("ok"), "obligations", Map.of(
        "redact_phi", true, "max_output_tokens", 512, "allowed_models", List.of("local"),
        "require_human_review", true, "audit_content", true));

    PolicyDecision d = PolicyDecision.fromDocument(doc, "id-1", "rev");

    assertThat(d.allow()).isTrue();
    assertThat(d.reasons()).containsExactly("ok");
    assertThat(d.obligations()).isEqualTo(new Obligations(true, 512, List.of("local"), true, true));
    assertThat(d.decisionId()).isEqualTo("id-1");
    assertThat(d.bundleRevision()).isEqualTo("rev");
  }

  @Test
  void fromDocument_onlyAllow_hasNoObligations() {
    PolicyDecision d = PolicyDecision.fromDocument(Map.of("allow", false), "id", null);

    assertThat(d.allow()).isFalse();
    assertThat(d.reasons()).isEmpty();
    assertThat(d.obligations()).isEqualTo(Obligations.none());
  }

  @Test
  void fromDocument_wholeNumberAsDouble_isAccepted() {
    PolicyDecision d = PolicyDecision.fromDocument(
        Map.of("allow", true, "obligations", Map.of("max_output_tokens", 256.0)), "id", null);

    assertThat(d.obligations().maxOutputTokens()).isEqualTo(256);
  }

  @Test
  void fromDocument_malformed_throwsNamingTheProblem() {
    assertMalformed(null, "no decision");
    assertMalformed(List.of(), "must be an object");
    assertMalformed(Map.of("reasons", List.of()), "'allow' must be true or false");
    assertMalformed(Map.of("allow", true, "extra", 1), "unknown key 'extra'");
    assertMalformed(Map.of("allow", true, "reasons", "no"), "'reasons' must be a list of strings");
    assertMalformed(Map.of("allow", true, "reasons", List.of(1)), "'reasons' must be a list of strings");
    assertMalformed(Map.of("allow", true, "obligations", List.of()), "'obligations' must be an object");
    assertMalformed(Map.of("allow", true, "obligations", Map.of("notify", true)), "unknown obligation 'notify'");
    assertMalformed(Map.of("allow", true, "obligations", Map.of("redact_phi", "yes")), "'redact_phi' must be true or false");
    assertMalformed(Map.of("allow", true, "obligations", Map.of("max_output_tokens", 0)), "'max_output_tokens'");
    assertMalformed(Map.of("allow", true, "obligations", Map.of("max_output_tokens", 1.5)), "'max_output_tokens'");
  }

  private static void assertMalformed(Object doc, String message) {
    assertThatThrownBy(() -> PolicyDecision.fromDocument(doc, "id", null))
        .isInstanceOfSatisfying(PolicyException.class,
            e -> assertThat(e.kind()).isEqualTo(PolicyException.Kind.MALFORMED_DECISION))
        .hasMessageContaining(message);
  }
}
