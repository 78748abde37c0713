package dev.hai.store.jdbc.internal;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A DataSource that opens a new connection per {@link #getConnection()} with {@link DriverManager}:
 * for the command line and tests, which need no pool. Applications pass their own pooled DataSource.
 */
public final class UrlDataSource implements DataSource {
  private final String url;
  private final Properties properties = new Properties();

  /**
   * @param url a JDBC URL ({@code jdbc:postgresql://host:port/db})
   * @param user the user, or null to leave it to the URL
   * @param password the password, or null
   */
  public UrlDataSource(String url, String user, String password) {
    if (url == null || !url.startsWith("jdbc:")) {
      throw new IllegalArgumentException("url must be a JDBC URL (jdbc:postgresql://host:port/database), was " + url);
    }
    this.url = url;
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    return DriverManager.getConnection(url, properties);
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    Properties p = new Properties();
    p.putAll(properties);
    p.setProperty("user", username);
    p.setProperty("password", password);
    return DriverManager.getConnection(url, p);
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    // DriverManager's log writer is global; left alone
  }

  @Override
  public void setLoginTimeout(int seconds) {
    DriverManager.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() {
    return DriverManager.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("no parent logger");
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("not a wrapper of " + iface.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }

  @Override
  public String toString() {
    int q = url.indexOf('?');
    return "UrlDataSource[" + (q < 0 ? url : url.substring(0, q)) + "]"; // parameters may hold a password
  }
}
