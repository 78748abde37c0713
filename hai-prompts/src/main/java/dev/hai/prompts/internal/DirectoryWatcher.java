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

  private final Path root;
  private final WatchService service;
  private final Duration delay;
  private final Runnable reload;
  private final Thread thread;

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
    try {
      DirectoryWatcher w = new DirectoryWatcher(root, root.getFileSystem().newWatchService(), delay, reload);
      w.register(root);
      try (Stream<Path> dirs = Files.list(root)) {
        for (Path d : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
          w.register(d);
        }
      }
      w.thread.start();
      return w;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot watch prompt directory " + root, e);
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

  @Override
  public void close() {
    try {
      service.close();
    } catch (IOException e) {
      log.debug("closing the watch service failed: {}", e.toString());
    }
    thread.interrupt();
  }
}
