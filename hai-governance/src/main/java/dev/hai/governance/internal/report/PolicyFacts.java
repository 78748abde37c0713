package dev.hai.governance.internal.report;

import dev.hai.core.audit.AuditRecord;
import org.jspecify.annotations.Nullable;

/** What the report reads from a record's policy decision; the one place that knows its shape. */
final class PolicyFacts {
  private PolicyFacts() {}

  /**
   * The justification of the record's break-glass claim ({@code ""} when it gave none), or null
   * when the call claimed no emergency access.
   */
  static @Nullable String breakGlassJustification(AuditRecord r) {
    // This version of the audit record keeps no policy decision object yet: no claim is known.
    return null;
  }
}
