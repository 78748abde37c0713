package dev.hai.store.jdbc.internal;

import dev.hai.store.jdbc.StoreException;
import java.sql.SQLException;

/** Turns a driver's exception into a {@link StoreException} that names the operation. */
public final class Sql {
  private Sql() {}

  /**
   * A {@link StoreException} for a failed {@code operation}. The message carries the SQL state and
   * first line of the driver's message (the server's complaint); the server's detail lines, which
   * may quote a row's values, are left out.
   */
  public static StoreException failure(String operation, SQLException e) {
    return new StoreException("cannot " + operation + ": " + describe(e), e);
  }

  static String describe(SQLException e) {
    String state = e.getSQLState();
    String message = e.getMessage() == null ? e.getClass().getSimpleName()
        : e.getMessage().lines().findFirst().orElse("").strip();
    return (state == null ? "" : "SQL state " + state + ", ") + message;
  }
}
