package dev.hai.store.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A minimal connection pool for tests and benchmarks: at most {@code size} connections, callers
 * beyond it wait; a closed connection is rolled back, set to auto-commit and kept for the next
 * caller. Applications use a real pool.
 */
public final class TestPool implements DataSource, AutoCloseable {
  private final DataSource target;
  private final Semaphore permits;
  private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();

  public TestPool(DataSource target, int size) {
    this.target = target;
    this.permits = new Semaphore(size, true);
  }

  @Override
  public Connection getConnection() throws SQLException {
    permits.acquireUninterruptibly();
    try {
      Connection c = idle.pollFirst();
      if (c == null || c.isClosed()) {
        c = target.getConnection();
      }
      return lease(c);
    } catch (SQLException | RuntimeException e) {
      permits.release();
      throw e;
    }
  }

  private Connection lease(Connection c) {
    boolean[] returned = new boolean[1];
    return (Connection) Proxy.newProxyInstance(TestPool.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, m, args) -> {
          if (m.getName().equals("close")) {
            if (!returned[0]) {
              returned[0] = true;
              giveBack(c);
            }
            return null;
          }
          if (m.getName().equals("isClosed") && returned[0]) {
            return true;
          }
          try {
            return m.invoke(c, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private void giveBack(Connection c) {
    try {
      if (!c.isClosed()) {
        if (!c.getAutoCommit()) {
          c.rollback();
          c.setAutoCommit(true);
        }
        c.setReadOnly(false);
        idle.addFirst(c);
      }
    } catch (SQLException e) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // broken already
      }
    } finally {
      permits.release();
    }
  }

  @Override
  public void close() {
    for (Connection c = idle.pollFirst(); c != null; c = idle.pollFirst()) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // closing anyway
      }
    }
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("the pool has one user");
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return false;
  }
}
