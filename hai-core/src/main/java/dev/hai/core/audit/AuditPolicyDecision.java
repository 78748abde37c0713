package dev.hai.core.audit;

import dev.hai.core.internal.Checks;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The policy decision a call's audit record keeps: which decision (its id, also in the decision
 * log), from which bundle, with what result, and the call's break-glass claim.
 *
 * @param decisionId the decision's id
 * @param bundleRevision the policy bundle's revision, when the engine reported one
 * @param result {@code allow}, {@code deny}, or {@code error} when the policy could not be
 *     evaluated and the call was denied (fail closed)
 * @param breakGlass whether the request claimed emergency access
 * @param justification the break-glass justification, PHI-redacted; null without a claim
 */
public record AuditPolicyDecision(
    String decisionId,
    @Nullable String bundleRevision,
    String result,
    boolean breakGlass,
    @Nullable String justification) {

  private static final Set<String> RESULTS = Set.of("allow", "deny", "error");

  public AuditPolicyDecision {
    Checks.notBlank(decisionId, "policyDecision.decisionId");
    if (!RESULTS.contains(result)) {
      throw new IllegalArgumentException("policyDecision.result must be allow, deny or error, was '" + result + "'");
    }
  }
}
