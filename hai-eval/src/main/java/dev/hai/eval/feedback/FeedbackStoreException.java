package dev.hai.eval.feedback;

/** A feedback store could not be read or written (I/O, database, a corrupt line); the message says where. */
public class FeedbackStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FeedbackStoreException(String message) {
    super(message);
  }

  public FeedbackStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
