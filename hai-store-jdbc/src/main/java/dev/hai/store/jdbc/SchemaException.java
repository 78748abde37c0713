package dev.hai.store.jdbc;

/**
 * The database schema is not the one this version of HAI expects: migrations are pending, an
 * applied migration was changed after it was applied (its checksum differs), or the database is
 * newer than this HAI. The message says which and what to do.
 */
public class SchemaException extends StoreException {
  private static final long serialVersionUID = 1L;

  public SchemaException(String message) {
    super(message);
  }
}
