package dev.hai.core.spi;

/**
 * A policy engine could not give a decision. The policy stage turns it into a {@code
 * ClinicalResult.Denied}: a call is never allowed because its policy could not be evaluated.
 *
 * <p>The message must not hold call content or PHI: it is shown to users and written to the audit
 * trail (after PHI redaction, as a second line of defence).
 */
public class PolicyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why no decision came. */
  public enum Kind {
    /** The engine could not be reached or failed (server down, bundle missing, Wasm trap). */
    UNAVAILABLE,
    /** The engine did not answer in time. */
    TIMEOUT,
    /** The engine answered, but not with a decision document HAI understands. */
    MALFORMED_DECISION
  }

  private final Kind kind;

  public PolicyException(Kind kind, String message) {
    super(message);
    this.kind = java.util.Objects.requireNonNull(kind, "kind");
  }

  public PolicyException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = java.util.Objects.requireNonNull(kind, "kind");
  }

  public Kind kind() {
    return kind;
  }
}
