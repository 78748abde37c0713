package dev.hai.core.testing;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * An SLF4J provider for tests. It keeps a real MDC (slf4j-simple's is a no-op), discards log output,
 * and, between {@link #startCapture()} and {@link #stopCapture()}, enables every level and keeps
 * each formatted line with its exception chain's messages, so that tests can check what HAI logs.
 */
public final class TestLoggingProvider implements SLF4JServiceProvider {
  private static final int MAX_LINES = 50_000;
  private static final List<String> lines = new ArrayList<>();
  private static volatile boolean capturing;

  private final ILoggerFactory loggers = CapturingLogger::new;
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new BasicMDCAdapter();

  /** Starts keeping log lines (all levels), dropping any kept before. */
  public static void startCapture() {
    synchronized (lines) {
      lines.clear();
    }
    capturing = true;
  }

  /** Stops keeping log lines and returns those kept since {@link #startCapture()}. */
  public static List<String> stopCapture() {
    capturing = false;
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggers;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {}

  private static final class CapturingLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    CapturingLogger(String name) {
      this.name = name;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
      if (!capturing) {
        return;
      }
      StringBuilder line = new StringBuilder(level + " " + name + " - "
          + MessageFormatter.basicArrayFormat(pattern, arguments));
      for (Throwable t = throwable; t != null; t = t.getCause()) {
        line.append(" | ").append(t);
      }
      synchronized (lines) {
        if (lines.size() < MAX_LINES) {
          lines.add(line.toString());
        }
      }
    }

    @Override
    public boolean isTraceEnabled() {
      return capturing;
    }

    @Override
    public boolean isDebugEnabled() {
      return capturing;
    }

    @Override
    public boolean isInfoEnabled() {
      return capturing;
    }

    @Override
    public boolean isWarnEnabled() {
      return capturing;
    }

    @Override
    public boolean isErrorEnabled() {
      return capturing;
    }
  }
}
