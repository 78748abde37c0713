package dev.hai.core.internal;

import dev.hai.core.spi.PolicyEngine;
import java.time.Duration;
import java.util.Set;

/**
 * The policy stage's configuration, as the client builder collected it.
 *
 * @param engine the policy engine
 * @param baaBackends names of the backends a business associate agreement covers
 * @param timeout the longest a decision may take before the call is denied
 */
public record PolicySettings(PolicyEngine engine, Set<String> baaBackends, Duration timeout) {
  public PolicySettings {
    Checks.required(engine, "policyEngine");
    baaBackends = Set.copyOf(baaBackends);
    Checks.positive(timeout, "policyTimeout");
  }
}
