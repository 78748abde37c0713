package dev.hai.store.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A connection borrowed from the application's pool for an operation that changes its auto-commit,
 * isolation or read-only setting: on close it rolls back whatever is left open, puts the settings
 * back and closes the connection (giving it back to the pool as it was given out).
 */
final class Borrowed implements AutoCloseable {
  private final Connection c;
  private final boolean autoCommit;
  private final int isolation;
  private final boolean readOnly;

  Borrowed(Connection c) throws SQLException {
    this.c = c;
    try {
      this.autoCommit = c.getAutoCommit();
      this.isolation = c.getTransactionIsolation();
      this.readOnly = c.isReadOnly();
    } catch (SQLException e) {
      c.close();
      throw e;
    }
  }

  Connection connection() {
    return c;
  }

  @Override
  public void close() throws SQLException {
    try {
      if (!c.getAutoCommit()) {
        c.rollback();
      }
      c.setAutoCommit(autoCommit);
      c.setTransactionIsolation(isolation);
      c.setReadOnly(readOnly);
    } catch (SQLException ignored) {
      // a broken connection; the pool finds out when it validates it
    } finally {
      c.close();
    }
  }
}
