package dev.hai.store.jdbc;

/**
 * The store could not do what was asked: the database could not be reached, or a statement failed.
 * The message names the operation and the SQL state; it never holds record content.
 */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
