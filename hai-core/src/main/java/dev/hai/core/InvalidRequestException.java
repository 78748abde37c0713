package dev.hai.core;

/**
 * Thrown when a request or a configuration value is built with an invalid field. The message names
 * the field and says what a valid value looks like; {@link #field()} gives the field's name.
 */
public final class InvalidRequestException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String field;

  public InvalidRequestException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  /** The name of the offending field, for example {@code "parameters.temperature"}. */
  public String field() {
    return field;
  }
}
