package dev.hai.core.audit;

/** An audit record could not be made durable, or an audit log could not be opened or recovered. */
public class AuditException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AuditException(String message) {
    super(message);
  }

  public AuditException(String message, Throwable cause) {
    super(message, cause);
  }
}
