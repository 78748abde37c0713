package dev.hai.governance.internal.report;

import dev.hai.core.audit.AuditPolicyDecision;
import dev.hai.core.audit.AuditRecord;
import org.jspecify.annotations.Nullable;

/** What the report reads from a record's policy decision; the one place that knows its shape. */
final class DecisionFacts {
  private DecisionFacts() {}

  /**
   * The justification of the record's break-glass claim ({@code ""} when it gave none), or null
   * when the call claimed no emergency access or never reached the policy stage.
   */
  static @Nullable String breakGlassJustification(AuditRecord r) {
    AuditPolicyDecision d = r.policyDecision();
    if (d == null || !d.breakGlass()) {
      return null;
    }
    return d.justification() == null ? "" : d.justification();
  }

  /** The id of the policy decision, to find it in the decision log; null without one. */
  static @Nullable String decisionId(AuditRecord r) {
    AuditPolicyDecision d = r.policyDecision();
    return d == null ? null : d.decisionId();
  }
}
