package dev.hai.eval;

/**
 * A bad dataset, run file, rule file or argument: the message says what to fix and where (file and
 * line where there is one). It never quotes a dataset's input text, which may hold PHI in a real
 * dataset.
 */
public class EvalException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EvalException(String message) {
    super(message);
  }

  public EvalException(String message, Throwable cause) {
    super(message, cause);
  }
}
