package dev.hai.core.audit;

import dev.hai.core.phi.PhiRedactor;

/**
 * Redacts call content before the audit record keeps it. Content capture is off unless a redactor
 * is configured ({@code ClinicalModelClient.Builder.auditContentCapture}); the PHI redactor of
 * {@code dev.hai.core.phi} is meant to be plugged in here.
 *
 * <p>Implementations must be thread-safe and should be fast: they run on the caller's thread for
 * every call, input and output. If one throws, the record is written without content and a warning
 * is logged.
 */
@FunctionalInterface
public interface ContentRedactor {

  /** The text with protected health information removed or replaced. */
  String redact(String text);

  /** Redacts with a {@link PhiRedactor} (its operator: mask, keyed hash or drop). */
  static ContentRedactor phi(PhiRedactor redactor) {
    java.util.Objects.requireNonNull(redactor, "redactor");
    return text -> redactor.redact(text).text();
  }
}
