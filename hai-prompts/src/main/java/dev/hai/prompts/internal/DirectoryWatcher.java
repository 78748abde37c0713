package dev.hai.prompts.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a prompt root and its prompt directories; after a change and {@code delay} of quiet it
 * runs the reload action on its own daemon thread. New prompt directories are watched as they
 * appear.
 */
public final class DirectoryWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DirectoryWatcher.class);

  /** Longest {@link #close()} waits for a running reload. */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

  private final Path root;
  private final WatchService service;
  private final Duration delay;
  private final Runnable reload;
  private final Thread thread;
  private volatile boolean closed;

  private DirectoryWatcher(Path root, WatchService service, Duration delay, Runnable reload) {
    this.root = root;
    this.service = service;
    this.delay = delay;
    this.reload = reload;
    this.thread = new Thread(this::run, "hai-prompts-watch");
    thread.setDaemon(true);
  }

  /** Starts watching {@code root}. */
  public static DirectoryWatcher start(Path root, Duration delay, Runnable reload) {
    WatchService service;
    try {
      service = root.getFileSystem().newWatchService();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot watch prompt directory " + root, e);
    }
    DirectoryWatcher w = new DirectoryWatcher(root, service, delay, reload);
    try {
      w.register(root);
      try (Stream<Path> dirs = Files.list(root)) {
        for (Path d : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
          w.register(d);
        }
      }
      w.thread.start();
      return w;
    } catch (IOException e) {
      w.close(); // the watch service holds an OS handle: do not leak it
      throw new UncheckedIOException("cannot watch prompt directory " + root, e);
    } catch (RuntimeException | Error e) {
      w.close();
      throw e;
    }
  }

  private void register(Path dir) throws IOException {
    dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
        StandardWatchEventKinds.ENTRY_DELETE);
  }

  private void run() {
    try {
      while (true) {
        WatchKey key = service.take();
        handle(key);
        // Let a burst of changes (an editor's save, a git checkout) settle before reading.
        WatchKey more;
        while ((more = service.poll(delay.toMillis(), TimeUnit.MILLISECONDS)) != null) {
          handle(more);
        }
        if (closed) {
          return;
        }
        reload.run();
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closed
    }
  }

  private void handle(WatchKey key) {
    for (WatchEvent<?> event : key.pollEvents()) {
      if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && key.watchable().equals(root)) {
        Path created = root.resolve((Path) event.context());
        if (Files.isDirectory(created)) {
          try {
            register(created);
          } catch (IOException e) {
            log.warn("cannot watch new prompt directory {}: {}", created, e.toString());
          }
        }
      }
    }
    key.reset();
  }

  /**
   * Stops watching and waits (up to {@link #CLOSE_WAIT}) for a reload that is running to finish, so
   * that nothing reloads once this returns. Not interrupted: a reload stopped half-way would only
   * log a failure.
   */
  @Override
  public void close() {
    closed = true;
    try {
      service.close(); // wakes the thread from take() or poll()
    } catch (IOException e) {
      log.debug("closing the watch service failed: {}", e.toString());
    }
    if (Thread.currentThread() == thread || !thread.isAlive()) {
      return;
    }
    try {
      thread.join(CLOSE_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (thread.isAlive()) {
      log.warn("a prompt reload still runs {} s after the watch on {} was closed", CLOSE_WAIT.toSeconds(), root);
    }
  }
}
