package dev.hai.core.audit;

import dev.hai.core.internal.Checks;
import org.jspecify.annotations.Nullable;

/**
 * An administrative change that the audit trail must show beside the calls it affects: a prompt
 * label moved (a rollback is one), a kill switch flipped. It travels in an {@link AuditRecord} made
 * by {@link AuditRecord#ofEvent}, chained like any call record, so the verifier proves it too.
 *
 * <pre>{@code
 * sink.append(AuditRecord.ofEvent(
 *     new AuditEvent("prompt.label", "discharge-summary@production", "1.2.0", "1.1.0"),
 *     "*", "u-safety-officer", "clinical-safety", "rollback: 1.2.0 omits allergies", clock));
 * }</pre>
 *
 * @param kind what kind of change, dotted lowercase, for example {@code "prompt.label"} or {@code
 *     "killswitch.flip"}
 * @param subject what was changed, for example {@code "discharge-summary@production"} or {@code
 *     "model:gpt-4o"}
 * @param from the state before the change, or null when there was none
 * @param to the state after the change, or null when it was removed
 */
public record AuditEvent(String kind, String subject, @Nullable String from, @Nullable String to) {
  public AuditEvent {
    Checks.notBlank(kind, "event.kind");
    if (!kind.matches("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*")) {
      throw new IllegalArgumentException(
          "event.kind must be dotted lowercase words such as 'prompt.label', was '" + kind + "'");
    }
    Checks.notBlank(subject, "event.subject");
  }
}
