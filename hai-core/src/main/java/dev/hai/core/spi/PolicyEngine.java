package dev.hai.core.spi;

import dev.hai.core.policy.PolicyDecision;
import dev.hai.core.policy.PolicyInput;

/**
 * Decides whether a call may proceed, and on what terms: the compliance team's policy, asked once
 * per call by the built-in policy stage (after the prompt is resolved, before budget and model).
 *
 * <p>{@code hai-governance} provides OPA engines (a Wasm bundle evaluated in-process, and a remote
 * OPA server). An engine sends {@link PolicyInput#toDocument()} as the policy's {@code input} and
 * turns the policy's result into a {@link PolicyDecision} with {@link PolicyDecision#fromDocument}.
 *
 * <p>Implementations must be thread-safe (one engine serves all concurrent calls) and must fail by
 * throwing {@link PolicyException}, never by returning an allow: the stage denies the call on any
 * exception, on a decision that arrives after the client's policy timeout, and on a malformed
 * decision.
 */
@FunctionalInterface
public interface PolicyEngine {

  /**
   * Evaluates the policy for one call.
   *
   * @throws PolicyException if no decision could be made
   */
  PolicyDecision evaluate(PolicyInput input);

  /** One line for {@code ClinicalModelClient.describe()}: what is evaluated, from where. */
  default String describe() {
    String simple = getClass().getSimpleName();
    return simple.isEmpty() ? getClass().getName() : simple;
  }
}
