package dev.hai.core.internal.io;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Implementation notes: two ways to notice a change, one action.
 *
 * The watcher thread wakes up when the WatchService reports an event in the file's directory
 * (inotify on Linux: at once) or when the poll interval passes, whichever comes first, and then
 * runs the refresh action, which reads the file and compares it with what it read last. The poll is
 * the fallback for file systems whose WatchService is slow (macOS polls every few seconds) or blind
 * to other machines' writes (NFS); reading a small file a few times a second costs microseconds.
 * Comparing content rather than modification times also catches an edit within the time stamp's
 * granularity.
 */
/**
 * Runs a refresh action on every change event in a directory, and at least every poll interval; used
 * by the kill-switch file (hai-governance) and the route file ({@code FileRoutes}).
 */
public final class Watcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Watcher.class);

  /** Longest {@link #close()} waits for a running refresh. */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

  private final Runnable refresh;
  private final String name;
  private final long pollNanos;
  private final @Nullable WatchService watchService;
  private final Thread thread;
  private final CountDownLatch stop = new CountDownLatch(1);
  private volatile boolean closed;

  /** Starts watching; {@code useWatchService} false polls only. */
  public Watcher(Path directory, Duration pollInterval, boolean useWatchService, Runnable refresh, String name) {
    this.refresh = refresh;
    this.name = name;
    this.pollNanos = pollInterval.toNanos();
    this.watchService = useWatchService ? register(directory) : null;
    this.thread = new Thread(this::loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  private static @Nullable WatchService register(Path directory) {
    try {
      WatchService ws = FileSystems.getDefault().newWatchService();
      directory.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
          StandardWatchEventKinds.ENTRY_DELETE);
      return ws;
    } catch (IOException | UnsupportedOperationException e) {
      log.warn("cannot watch {} for changes ({}); polling only", directory, e.toString());
      return null;
    }
  }

  private void loop() {
    while (!closed) {
      try {
        if (watchService != null) {
          WatchKey key = watchService.poll(pollNanos, TimeUnit.NANOSECONDS);
          if (key != null) {
            key.pollEvents(); // which file changed does not matter: the refresh compares content
            key.reset();
          }
        } else if (stop.await(pollNanos, TimeUnit.NANOSECONDS)) {
          return;
        }
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return;
      }
      if (closed) {
        return;
      }
      try {
        refresh.run();
      } catch (RuntimeException e) {
        // The refresh reports its own errors; one that escapes must not end the watching.
        log.error("{}: refresh failed: {}", name, e.toString());
      }
    }
  }

  /** Whether the WatchService is in use (false: polling only). */
  public boolean watching() {
    return watchService != null;
  }

  /**
   * Stops watching and waits (up to {@link #CLOSE_WAIT}) for a refresh that is running to finish.
   * The thread is woken, not interrupted: an interrupt would close the file channel of a refresh
   * reading the file and make it report a false read error.
   */
  @Override
  public void close() {
    closed = true;
    stop.countDown();
    if (watchService != null) {
      try {
        watchService.close(); // wakes the thread from poll()
      } catch (IOException e) {
        log.debug("closing the watch service: {}", e.toString());
      }
    }
    if (Thread.currentThread() == thread) {
      return;
    }
    try {
      thread.join(CLOSE_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
