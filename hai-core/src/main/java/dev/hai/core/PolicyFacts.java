package dev.hai.core;

import dev.hai.core.internal.Checks;
import java.util.Map;

/**
 * Facts the application knows about a call that the compliance policy may need, beyond {@link
 * Caller}: the actor's attributes and the patient's consent flags. They reach the policy's input as
 * {@code input.actor.attributes} and {@code input.patient.consent}; they are not sent to models.
 * Do not put PHI here: the input document is written to the decision log.
 *
 * @param actorAttributes for example {@code department: "cardiology"}, {@code credential: "MD"}
 * @param consent for example {@code research: false}
 */
public record PolicyFacts(Map<String, String> actorAttributes, Map<String, Boolean> consent) {
  private static final PolicyFacts NONE = new PolicyFacts(Map.of(), Map.of());

  public PolicyFacts {
    actorAttributes = Map.copyOf(Checks.required(actorAttributes, "policyFacts.actorAttributes"));
    consent = Map.copyOf(Checks.required(consent, "policyFacts.consent"));
  }

  /** No facts. */
  public static PolicyFacts none() {
    return NONE;
  }

  public boolean isEmpty() {
    return actorAttributes.isEmpty() && consent.isEmpty();
  }
}
